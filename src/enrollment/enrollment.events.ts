import type { TimeOfDay } from '../scheduling/academy-time';
import type { Weekday } from '../teachers/availability';
import type { Instrument } from '../teachers/teacher.events';

export interface EnrollmentApplication {
  studentFirstName: string;
  studentLastName: string;
  studentDateOfBirth: string;
  studentEmail: string | null;
  parentFirstName: string;
  parentLastName: string;
  parentEmail: string;
  parentPhone: string;
  instrument: Instrument;
  preferredLessonDay: Weekday | null;
  preferredLessonTime: TimeOfDay | null;
  lessonDurationMinutes: number;
  paymentToken: string;
}

/** Where a waitlisted enrollment waits, and so where it resumes. */
export type WaitStage = 'validation' | 'assignment';

export type EnrollmentSubmitted = { type: 'EnrollmentSubmitted'; data: { enrollmentId: string; application: EnrollmentApplication } };
export type EnrollmentValidated = { type: 'EnrollmentValidated'; data: { enrollmentId: string; ageYears: number } };
export type EnrollmentRejected = { type: 'EnrollmentRejected'; data: { enrollmentId: string; reason: string } };
export type EnrollmentWaitlisted = { type: 'EnrollmentWaitlisted'; data: { enrollmentId: string; instrument: Instrument; stage: WaitStage; reason: string } };
export type EnrollmentResumed = { type: 'EnrollmentResumed'; data: { enrollmentId: string; stage: WaitStage } };
export type StudentAccountFailed = { type: 'StudentAccountFailed'; data: { enrollmentId: string; reason: string } };
export type PaymentMethodSetUp = {
  type: 'PaymentMethodSetUp';
  data: { enrollmentId: string; parentId: string; studentId: string; customerId: string; paymentMethodId: string; brand: string | null; last4: string | null };
};
export type PaymentMethodSetupFailed = {
  type: 'PaymentMethodSetupFailed';
  /** customerId: the family's customer when it was created before the card failed */
  data: { enrollmentId: string; parentId: string; studentId: string; customerId: string | null; code: string; reason: string };
};
export type DemoScheduled = { type: 'DemoScheduled'; data: { enrollmentId: string; lessonId: string; teacherId: string; startsAt: string; endsAt: string } };
export type DemoNotScheduled = { type: 'DemoNotScheduled'; data: { enrollmentId: string; teacherId: string; reason: string } };
export type EnrollmentCompleted = { type: 'EnrollmentCompleted'; data: { enrollmentId: string } };

export type EnrollmentEvent =
  | EnrollmentSubmitted
  | EnrollmentValidated
  | EnrollmentRejected
  | EnrollmentWaitlisted
  | EnrollmentResumed
  | StudentAccountFailed
  | PaymentMethodSetUp
  | PaymentMethodSetupFailed
  | DemoScheduled
  | DemoNotScheduled
  | EnrollmentCompleted;

export const enrollmentStream = (enrollmentId: string) => `enrollment-${enrollmentId}`;
