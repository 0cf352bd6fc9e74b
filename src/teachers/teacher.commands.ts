// What can be asked of a teacher's stream; teacher.decider.ts decides each.
import { WeeklyAvailability } from './availability';
import { StrandedLessonHandling } from './teacher.events';

export type RegisterTeacherCommand = {
  type: 'RegisterTeacher';
  teacherId: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  instruments: string[];
  hourlyRateCents: number;
  maxStudents?: number;
  availability: WeeklyAvailability;
  bio?: string | null;
};

/** A lesson booked on the teacher's calendar, still to come. */
export interface BookedLesson {
  lessonId: string;
  studentId: string;
  startsAt: string;
  endsAt: string;
}

export type ChangeTeacherAvailabilityCommand = {
  type: 'ChangeTeacherAvailability';
  teacherId: string;
  availability: WeeklyAvailability;
  /** the lessons still to come on the teacher's calendar, and the zone availability is in */
  booked?: BookedLesson[];
  zone?: string;
  /** what to do with booked lessons the new hours leave out; without it such a change is refused */
  strandedLessons?: StrandedLessonHandling;
};

/** Only the fields given change; bio null or '' clears it. */
export type ChangeTeacherDetailsCommand = {
  type: 'ChangeTeacherDetails';
  teacherId: string;
  hourlyRateCents?: number;
  maxStudents?: number;
  instruments?: string[];
  bio?: string | null;
  /** the instruments the teacher's current students learn (a teacher keeps those) */
  instrumentsInUse: string[];
};

export type DeactivateTeacherCommand = { type: 'DeactivateTeacher'; teacherId: string; reason: string | null };
export type ReactivateTeacherCommand = { type: 'ReactivateTeacher'; teacherId: string };

export type TakeTeacherSeatCommand = { type: 'TakeTeacherSeat'; teacherId: string; studentId: string };
export type ReleaseTeacherSeatCommand = { type: 'ReleaseTeacherSeat'; teacherId: string; studentId: string };

export type TeacherCommand =
  | RegisterTeacherCommand
  | ChangeTeacherAvailabilityCommand
  | ChangeTeacherDetailsCommand
  | DeactivateTeacherCommand
  | ReactivateTeacherCommand
  | TakeTeacherSeatCommand
  | ReleaseTeacherSeatCommand;
