import { assertNever, Decider } from '../shared/decider';
import { conflict, DomainError, invalid, notFound } from '../shared/domain-error';
import { EnrollmentApplication, EnrollmentEvent, FamilyConfirmedVia, Submitter, WaitStage } from './enrollment.events';

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
      outcome:
        | {
            ok: true;
            customerId: string;
            paymentMethodId: string;
            brand: string | null;
            last4: string | null;
            makeDefault: boolean;
          }
        | { ok: false; customerId: string | null; code: string; reason: string };
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

function decide(c: EnrollmentCommand, s: EnrollmentState): EnrollmentEvent[] {
  if (c.type === 'SubmitEnrollment') {
    if (s.status !== 'none') return [];
    checkApplication(c.application, c.today);
    return [
      {
        type: 'EnrollmentSubmitted',
        data: {
          enrollmentId: c.enrollmentId,
          application: c.application,
          ...(c.submittedBy ? { submittedBy: c.submittedBy } : {}),
        },
      },
    ];
  }
  if (s.status === 'none') throw notFound('ENROLLMENT_NOT_FOUND', `no enrollment ${c.enrollmentId}`);
  const id = c.enrollmentId;
  switch (c.type) {
    case 'ValidateEnrollment': {
      // Only a fresh enrollment, or one resumed from the validation waitlist, is validated.
      if (s.validated || s.status === 'rejected' || (s.status === 'waitlisted' && s.stage === 'validation')) return [];
      const age = ageOn(s.application.studentDateOfBirth, c.at.slice(0, 10));
      if (age < AGE.min || age > AGE.max) {
        return [
          {
            type: 'EnrollmentRejected',
            data: { enrollmentId: id, reason: `the student must be ${AGE.min} to ${AGE.max} years old (is ${age})` },
          },
        ];
      }
      if (c.teachersWithRoom === 0) {
        return [
          {
            type: 'EnrollmentWaitlisted',
            data: {
              enrollmentId: id,
              instrument: s.application.instrument,
              stage: 'validation',
              reason: `no ${s.application.instrument} teacher has room for a new student`,
            },
          },
        ];
      }
      return [{ type: 'EnrollmentValidated', data: { enrollmentId: id, ageYears: age } }];
    }
    case 'WaitlistEnrollment':
      if (s.status !== 'running') return [];
      return [
        {
          type: 'EnrollmentWaitlisted',
          data: { enrollmentId: id, instrument: s.application.instrument, stage: c.stage, reason: c.reason },
        },
      ];
    case 'ResumeEnrollment':
      if (s.status !== 'waitlisted' || !s.stage) return [];
      return [{ type: 'EnrollmentResumed', data: { enrollmentId: id, stage: s.stage } }];
    case 'RequestFamilyConfirmation':
      if (s.status !== 'running' || s.family) return [];
      return [
        {
          type: 'FamilyConfirmationRequested',
          data: {
            enrollmentId: id,
            parentId: c.parentId,
            expiresAt: new Date(Date.parse(c.at) + FAMILY_CONFIRMATION_TTL_MS).toISOString(),
          },
        },
      ];
    case 'ConfirmFamily':
      return confirmFamily(c, s);
    case 'DeclineFamilyConfirmation': {
      const family = awaitedFamily(s, c.at, 'declined');
      return family
        ? [{ type: 'FamilyConfirmationDeclined', data: { enrollmentId: id, parentId: family.parentId } }]
        : [];
    }
    case 'ExpireFamilyConfirmation':
      if (s.family?.status !== 'awaiting' || Date.parse(c.at) < Date.parse(s.family.expiresAt)) return [];
      return [{ type: 'FamilyConfirmationExpired', data: { enrollmentId: id, parentId: s.family.parentId } }];
    case 'FailStudentAccount':
      if (s.status !== 'running') return [];
      return [{ type: 'StudentAccountFailed', data: { enrollmentId: id, reason: c.reason } }];
    case 'RecordPaymentSetup':
      if (s.paymentRecorded) return [];
      return c.outcome.ok
        ? [
            {
              type: 'PaymentMethodSetUp',
              data: {
                enrollmentId: id,
                parentId: c.parentId,
                studentId: c.studentId,
                customerId: c.outcome.customerId,
                paymentMethodId: c.outcome.paymentMethodId,
                brand: c.outcome.brand,
                last4: c.outcome.last4,
                makeDefault: c.outcome.makeDefault,
              },
            },
          ]
        : [
            {
              type: 'PaymentMethodSetupFailed',
              data: {
                enrollmentId: id,
                parentId: c.parentId,
                studentId: c.studentId,
                customerId: c.outcome.customerId,
                code: c.outcome.code,
                reason: c.outcome.reason,
              },
            },
          ];
    case 'RecordDemo':
      if (s.demoRecorded) return [];
      return c.outcome.ok
        ? [
            {
              type: 'DemoScheduled',
              data: {
                enrollmentId: id,
                teacherId: c.teacherId,
                lessonId: c.outcome.lessonId,
                startsAt: c.outcome.startsAt,
                endsAt: c.outcome.endsAt,
              },
            },
          ]
        : [{ type: 'DemoNotScheduled', data: { enrollmentId: id, teacherId: c.teacherId, reason: c.outcome.reason } }];
    case 'CompleteEnrollment':
      if (s.status === 'completed') return [];
      return [{ type: 'EnrollmentCompleted', data: { enrollmentId: id } }];
    default:
      return assertNever(c);
  }
}

type Started = Exclude<EnrollmentState, { status: 'none' }>;
type ConfirmFamilyCommand = Extract<EnrollmentCommand, { type: 'ConfirmFamily' }>;

/**
 * The family answers a held enrollment (or the workflow establishes a new or signed-in family):
 * only the family asked, only before the request expires, and only once.
 */
function confirmFamily(c: ConfirmFamilyCommand, s: Started): EnrollmentEvent[] {
  const confirmed: EnrollmentEvent = {
    type: 'FamilyConfirmed',
    data: { enrollmentId: s.enrollmentId, parentId: c.parentId, via: c.via },
  };
  if (!s.family && c.via !== 'email-link') return s.status === 'running' ? [confirmed] : [];
  if (s.family?.status === 'confirmed') return [];
  const family = awaitedFamily(s, c.at, 'confirmed');
  if (!family) return [];
  if (family.parentId !== c.parentId)
    throw new DomainError('forbidden', 'NOT_THIS_FAMILY', 'only the family this enrollment names can confirm it');
  return [confirmed];
}

/** The family asked, when the request can still be answered; [] when it was answered that way already. */
function awaitedFamily(s: Started, at: string, answer: 'confirmed' | 'declined') {
  const family = s.family;
  if (!family) throw conflict('NOT_AWAITING_CONFIRMATION', 'this enrollment is not waiting for a family confirmation');
  if (family.status === 'awaiting') {
    if (Date.parse(at) >= Date.parse(family.expiresAt))
      throw new DomainError(
        'rejected',
        'CONFIRMATION_EXPIRED',
        'this confirmation link has expired; submit the enrollment again',
      );
    return family;
  }
  if (family.status === answer) return null;
  throw conflict(
    'CONFIRMATION_ANSWERED',
    `this enrollment was already ${family.status === 'confirmed' ? 'confirmed' : family.status}`,
  );
}

export const enrollmentDecider: Decider<EnrollmentCommand, EnrollmentState, EnrollmentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(s, e) {
    if (e.type === 'EnrollmentSubmitted') {
      return {
        status: 'pending',
        enrollmentId: e.data.enrollmentId,
        application: e.data.application,
        submittedBy: e.data.submittedBy ?? null,
        family: null,
        stage: null,
        validated: false,
        paymentRecorded: false,
        paymentProblem: null,
        demoRecorded: false,
        parentId: null,
        teacherId: null,
        demoStartsAt: null,
      };
    }
    if (s.status === 'none') return s;
    switch (e.type) {
      case 'EnrollmentValidated':
        return { ...s, status: 'running', validated: true, stage: null };
      case 'EnrollmentRejected':
        return { ...s, status: 'rejected' };
      case 'EnrollmentWaitlisted':
        return { ...s, status: 'waitlisted', stage: e.data.stage };
      case 'EnrollmentResumed':
        // Resumed from validation: validated again from scratch; from assignment: running on.
        return {
          ...s,
          status: e.data.stage === 'validation' ? 'pending' : 'running',
          stage: e.data.stage === 'validation' ? null : 'assignment',
        };
      case 'FamilyConfirmationRequested':
        return {
          ...s,
          status: 'awaiting-family-confirmation',
          family: { status: 'awaiting', parentId: e.data.parentId, expiresAt: e.data.expiresAt },
        };
      case 'FamilyConfirmed':
        return {
          ...s,
          status: 'running',
          parentId: e.data.parentId,
          family: { status: 'confirmed', parentId: e.data.parentId, via: e.data.via },
        };
      case 'FamilyConfirmationDeclined':
        return { ...s, status: 'declined', family: { status: 'declined', parentId: e.data.parentId } };
      case 'FamilyConfirmationExpired':
        return { ...s, status: 'expired', family: { status: 'expired', parentId: e.data.parentId } };
      case 'StudentAccountFailed':
        return { ...s, status: 'failed' };
      case 'PaymentMethodSetUp':
        return { ...s, paymentRecorded: true, parentId: e.data.parentId };
      case 'PaymentMethodSetupFailed':
        return { ...s, paymentRecorded: true, parentId: e.data.parentId, paymentProblem: e.data.reason };
      case 'DemoScheduled':
        return { ...s, demoRecorded: true, teacherId: e.data.teacherId, demoStartsAt: e.data.startsAt };
      case 'DemoNotScheduled':
        return { ...s, demoRecorded: true, teacherId: e.data.teacherId };
      case 'EnrollmentCompleted':
        return { ...s, status: 'completed' };
      default:
        return assertNever(e);
    }
  },
  decide,
};
