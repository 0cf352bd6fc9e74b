import { WeeklyAvailability } from './availability';

export const INSTRUMENTS = ['piano', 'guitar', 'violin', 'drums', 'voice'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export type TeacherRegistered = {
  type: 'TeacherRegistered';
  data: {
    teacherId: string;
    userId: string;
    firstName: string;
    lastName: string;
    email: string;
    instruments: Instrument[];
    hourlyRateCents: number;
    maxStudents: number;
    availability: WeeklyAvailability;
    bio: string | null;
  };
};

export type TeacherAvailabilityChanged = {
  type: 'TeacherAvailabilityChanged';
  data: { teacherId: string; availability: WeeklyAvailability };
};

export type TeacherEvent = TeacherRegistered | TeacherAvailabilityChanged;
export const TEACHER_EVENT_TYPES: readonly TeacherEvent['type'][] = ['TeacherRegistered', 'TeacherAvailabilityChanged'];

export const teacherStream = (teacherId: string) => `teacher-${teacherId}`;
