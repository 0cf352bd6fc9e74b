import type { TimeOfDay } from '../scheduling/academy-time';
import type { Weekday } from '../teachers/availability';
import type { Instrument } from '../teachers/teacher.events';
import type { Role } from '../identity/user.events';

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

/** Who sent the form when they were signed in: a parent for their own family, or staff. */
export interface Submitter {
  userId: string;
  role: Role;
}

export type EnrollmentSubmitted = {
  type: 'EnrollmentSubmitted';
  /** submittedBy: absent or null for the public form sent by someone not signed in */
  data: { enrollmentId: string; application: EnrollmentApplication; submittedBy?: Submitter | null };
};
export type EnrollmentValidated = { type: 'EnrollmentValidated'; data: { enrollmentId: string; ageYears: number } };
export type EnrollmentRejected = { type: 'EnrollmentRejected'; data: { enrollmentId: string; reason: string } };
export type EnrollmentWaitlisted = {
  type: 'EnrollmentWaitlisted';
  data: { enrollmentId: string; instrument: Instrument; stage: WaitStage; reason: string };
};
export type EnrollmentResumed = { type: 'EnrollmentResumed'; data: { enrollmentId: string; stage: WaitStage } };
/**
 * How the family behind an enrollment was established: a new account for a new address, the
 * parent signed in (or staff) when submitting, or the family's answer to the emailed link.
 */
export type FamilyConfirmedVia = 'new-family' | 'signed-in' | 'staff' | 'email-link';
/** The parent email already has an account: held until the family confirms (by link or signed in). */
export type FamilyConfirmationRequested = {
  type: 'FamilyConfirmationRequested';
  data: { enrollmentId: string; parentId: string; expiresAt: string };
};
export type FamilyConfirmed = {
  type: 'FamilyConfirmed';
  data: { enrollmentId: string; parentId: string; via: FamilyConfirmedVia };
};
export type FamilyConfirmationDeclined = {
  type: 'FamilyConfirmationDeclined';
  data: { enrollmentId: string; parentId: string };
};
export type FamilyConfirmationExpired = {
  type: 'FamilyConfirmationExpired';
  data: { enrollmentId: string; parentId: string };
};
export type StudentAccountFailed = { type: 'StudentAccountFailed'; data: { enrollmentId: string; reason: string } };
export type PaymentMethodSetUp = {
  type: 'PaymentMethodSetUp';
  /**
   * makeDefault: whether the card became the family's card for charges (absent in events stored
   * before it existed: it then did). A card added by an existing family's later enrollment sits
   * beside the saved one.
   */
  data: {
    enrollmentId: string;
    parentId: string;
    studentId: string;
    customerId: string;
    paymentMethodId: string;
    brand: string | null;
    last4: string | null;
    makeDefault?: boolean;
  };
};
export type PaymentMethodSetupFailed = {
  type: 'PaymentMethodSetupFailed';
  /** customerId: the family's customer when it was created before the card failed */
  data: {
    enrollmentId: string;
    parentId: string;
    studentId: string;
    customerId: string | null;
    code: string;
    reason: string;
  };
};
export type DemoScheduled = {
  type: 'DemoScheduled';
  data: { enrollmentId: string; lessonId: string; teacherId: string; startsAt: string; endsAt: string };
};
export type DemoNotScheduled = {
  type: 'DemoNotScheduled';
  data: { enrollmentId: string; teacherId: string; reason: string };
};
export type EnrollmentCompleted = { type: 'EnrollmentCompleted'; data: { enrollmentId: string } };

export type EnrollmentEvent =
  | EnrollmentSubmitted
  | EnrollmentValidated
  | EnrollmentRejected
  | EnrollmentWaitlisted
  | EnrollmentResumed
  | FamilyConfirmationRequested
  | FamilyConfirmed
  | FamilyConfirmationDeclined
  | FamilyConfirmationExpired
  | StudentAccountFailed
  | PaymentMethodSetUp
  | PaymentMethodSetupFailed
  | DemoScheduled
  | DemoNotScheduled
  | EnrollmentCompleted;

export const enrollmentStream = (enrollmentId: string) => `enrollment-${enrollmentId}`;
