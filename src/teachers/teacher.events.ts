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
    /**
     * How many students the teacher takes: the seats TeacherSeatTaken/Released fill and free.
     * Schema version 2; version 1 called it maxStudents (see teacher.upcasters.ts).
     */
    seats: number;
    availability: WeeklyAvailability;
    bio: string | null;
  };
};

export type TeacherAvailabilityChanged = {
  type: 'TeacherAvailabilityChanged';
  data: { teacherId: string; availability: WeeklyAvailability };
};

/** A student takes one of the teacher's seats (TeacherRegistered.seats of them). */
export type TeacherSeatTaken = { type: 'TeacherSeatTaken'; data: { teacherId: string; studentId: string } };
export type TeacherSeatReleased = { type: 'TeacherSeatReleased'; data: { teacherId: string; studentId: string } };

export type TeacherEvent = TeacherRegistered | TeacherAvailabilityChanged | TeacherSeatTaken | TeacherSeatReleased;
export const TEACHER_EVENT_TYPES: readonly TeacherEvent['type'][] = [
  'TeacherRegistered',
  'TeacherAvailabilityChanged',
  'TeacherSeatTaken',
  'TeacherSeatReleased',
];

export const teacherStream = (teacherId: string) => `teacher-${teacherId}`;
