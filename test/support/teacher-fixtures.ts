import { RegisterTeacherCommand } from '../../src/teachers/teacher.commands';
import { TeacherEvent } from '../../src/teachers/teacher.events';

// A teacher as the teacher decider's specs register her, and the event that records it.
export const TEACHER = '0b0c6c0e-8d4e-4f7f-9a51-3f5e1d2c4b6a';
export const USER = '1c1d7d1f-9e5f-4a8a-8b62-4a6f2e3d5c7b';

export const registerTeacher = (overrides: Partial<RegisterTeacherCommand> = {}): RegisterTeacherCommand => ({
  type: 'RegisterTeacher',
  teacherId: TEACHER,
  userId: USER,
  firstName: ' Clara ',
  lastName: 'Schumann',
  email: 'Clara@Example.com',
  instruments: ['piano', 'voice', 'piano'],
  hourlyRateCents: 65_00,
  availability: {
    monday: [
      { start: '18:00', end: '20:00' },
      { start: '15:00', end: '17:30' },
    ],
  },
  ...overrides,
});

export const teacherRegistered: TeacherEvent = {
  type: 'TeacherRegistered',
  data: {
    teacherId: TEACHER,
    userId: USER,
    firstName: 'Clara',
    lastName: 'Schumann',
    email: 'clara@example.com',
    instruments: ['piano', 'voice'],
    hourlyRateCents: 65_00,
    seats: 30,
    availability: {
      monday: [
        { start: '15:00', end: '17:30' },
        { start: '18:00', end: '20:00' },
      ],
    },
    bio: null,
  },
};
