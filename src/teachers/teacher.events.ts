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

/** What becomes of booked lessons new hours leave out: cancelled (with credits) or kept as one-offs. */
export type StrandedLessonHandling = 'cancel' | 'keep';

export type TeacherAvailabilityChanged = {
  type: 'TeacherAvailabilityChanged';
  /** strandedLessons: the booked lessons the new hours left out, and what the change said to do with them */
  data: {
    teacherId: string;
    availability: WeeklyAvailability;
    strandedLessons?: { handling: StrandedLessonHandling; lessonIds: string[] };
  };
};

/** The academy changed the teacher's terms; only the fields that changed are present (bio null: cleared). */
export type TeacherDetailsChanged = {
  type: 'TeacherDetailsChanged';
  data: {
    teacherId: string;
    hourlyRateCents?: number;
    seats?: number;
    instruments?: Instrument[];
    bio?: string | null;
  };
};

/**
 * The teacher left the academy: no longer matched to enrollments, listed publicly or booked.
 * `students` held seats and now wait for another teacher; booked lessons stay for the office to
 * reassign or cancel.
 */
export type TeacherDeactivated = {
  type: 'TeacherDeactivated';
  data: { teacherId: string; reason: string | null; students: string[] };
};
export type TeacherReactivated = { type: 'TeacherReactivated'; data: { teacherId: string } };

/** A student takes one of the teacher's seats (TeacherRegistered.seats of them). */
export type TeacherSeatTaken = { type: 'TeacherSeatTaken'; data: { teacherId: string; studentId: string } };
export type TeacherSeatReleased = { type: 'TeacherSeatReleased'; data: { teacherId: string; studentId: string } };

export type TeacherEvent =
  | TeacherRegistered
  | TeacherAvailabilityChanged
  | TeacherDetailsChanged
  | TeacherDeactivated
  | TeacherReactivated
  | TeacherSeatTaken
  | TeacherSeatReleased;
export const TEACHER_EVENT_TYPES: readonly TeacherEvent['type'][] = [
  'TeacherRegistered',
  'TeacherAvailabilityChanged',
  'TeacherDetailsChanged',
  'TeacherDeactivated',
  'TeacherReactivated',
  'TeacherSeatTaken',
  'TeacherSeatReleased',
];

export const teacherStream = (teacherId: string) => `teacher-${teacherId}`;
