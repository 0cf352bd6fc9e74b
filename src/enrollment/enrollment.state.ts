/** The enrollment decider's state and commands, and the checks a form gets on arrival (docs/domain.md, Enrollment). */
import { invalid } from '../shared/domain-error';
import { EnrollmentApplication, FamilyConfirmedVia, Submitter, WaitStage } from './enrollment.events';

export const AGE = { min: 5, max: 18 };

/** How long an enrollment for an existing family waits for the family's confirmation. */
export const FAMILY_CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type EnrollmentStatus =
  | 'pending'
  | 'running'
  | 'awaiting-family-confirmation'
  | 'rejected'
  | 'waitlisted'
  | 'failed'
  | 'declined'
  | 'expired'
  | 'completed';

/** Statuses after which the same child can be enrolled again by a new submission. */
export const ENDED_STATUSES: readonly EnrollmentStatus[] = ['rejected', 'failed', 'declined', 'expired'];

/** The family an enrollment belongs to, once known: asked (held) or confirmed. */
export type FamilyState =
  | { status: 'awaiting'; parentId: string; expiresAt: string }
  | { status: 'confirmed'; parentId: string; via: FamilyConfirmedVia }
  | { status: 'declined' | 'expired'; parentId: string };

export type EnrollmentState =
  | { status: 'none' }
  | {
      status: EnrollmentStatus;
      enrollmentId: string;
      application: EnrollmentApplication;
      submittedBy: Submitter | null;
      family: FamilyState | null;
      /** where a waitlisted enrollment waits; where a resumed one picks up */
      stage: WaitStage | null;
      validated: boolean;
      paymentRecorded: boolean;
      /** why the family's card could not be set up, when it could not */
      paymentProblem: string | null;
      demoRecorded: boolean;
      /** known once the account exists (recorded with the payment setup) */
      parentId: string | null;
      teacherId: string | null;
      demoStartsAt: string | null;
    };

/** What setting up the family's card came to: the customer and card, or why it failed. */
export type PaymentSetupOutcome =
  | {
      ok: true;
      customerId: string;
      paymentMethodId: string;
      brand: string | null;
      last4: string | null;
      makeDefault: boolean;
    }
  | { ok: false; customerId: string | null; code: string; reason: string };

export type EnrollmentCommand =
  | {
      type: 'SubmitEnrollment';
      enrollmentId: string;
      application: EnrollmentApplication;
      submittedBy?: Submitter | null;
      /** the academy's calendar day (YYYY-MM-DD) when the form arrived */
      today: string;
    }
  | { type: 'ValidateEnrollment'; enrollmentId: string; at: string; teachersWithRoom: number }
  | { type: 'WaitlistEnrollment'; enrollmentId: string; stage: WaitStage; reason: string }
  | { type: 'ResumeEnrollment'; enrollmentId: string }
  | { type: 'RequestFamilyConfirmation'; enrollmentId: string; parentId: string; at: string }
  | { type: 'ConfirmFamily'; enrollmentId: string; parentId: string; via: FamilyConfirmedVia; at: string }
  | { type: 'DeclineFamilyConfirmation'; enrollmentId: string; at: string }
  | { type: 'ExpireFamilyConfirmation'; enrollmentId: string; at: string }
  | { type: 'FailStudentAccount'; enrollmentId: string; reason: string }
  | {
      type: 'RecordPaymentSetup';
      enrollmentId: string;
      parentId: string;
      studentId: string;
      outcome: PaymentSetupOutcome;
    }
  | {
      type: 'RecordDemo';
      enrollmentId: string;
      teacherId: string;
      outcome: { ok: true; lessonId: string; startsAt: string; endsAt: string } | { ok: false; reason: string };
    }
  | { type: 'CompleteEnrollment'; enrollmentId: string };

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What a form can be refused for at once, on the day (YYYY-MM-DD, academy time) it arrives. */
export function checkApplication(application: EnrollmentApplication, today: string): void {
  // A date of birth after today is a typing error to answer at once, not an age to reject later.
  if (application.studentDateOfBirth > today)
    throw invalid('DATE_OF_BIRTH_IN_FUTURE', 'studentDateOfBirth cannot be in the future');
}
