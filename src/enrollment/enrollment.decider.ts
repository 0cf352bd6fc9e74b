import { assertNever, Decider } from '../shared/decider';
import { notFound } from '../shared/domain-error';
import { EnrollmentApplication, EnrollmentEvent, WaitStage } from './enrollment.events';

export const AGE = { min: 5, max: 18 };

export type EnrollmentStatus = 'pending' | 'running' | 'rejected' | 'waitlisted' | 'failed' | 'completed';

export type EnrollmentState =
  | { status: 'none' }
  | {
      status: EnrollmentStatus;
      enrollmentId: string;
      application: EnrollmentApplication;
      /** where a waitlisted enrollment waits; where a resumed one picks up */
      stage: WaitStage | null;
      validated: boolean;
      paymentRecorded: boolean;
      demoRecorded: boolean;
      /** known once the account exists (recorded with the payment setup) */
      parentId: string | null;
      teacherId: string | null;
      demoStartsAt: string | null;
    };

export type EnrollmentCommand =
  | { type: 'SubmitEnrollment'; enrollmentId: string; application: EnrollmentApplication }
  | { type: 'ValidateEnrollment'; enrollmentId: string; at: string; teachersWithRoom: number }
  | { type: 'WaitlistEnrollment'; enrollmentId: string; stage: WaitStage; reason: string }
  | { type: 'ResumeEnrollment'; enrollmentId: string }
  | { type: 'FailStudentAccount'; enrollmentId: string; reason: string }
  | {
      type: 'RecordPaymentSetup';
      enrollmentId: string;
      parentId: string;
      studentId: string;
      outcome:
        | { ok: true; customerId: string; paymentMethodId: string; brand: string | null; last4: string | null }
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

function decide(c: EnrollmentCommand, s: EnrollmentState): EnrollmentEvent[] {
  if (c.type === 'SubmitEnrollment') {
    return s.status === 'none' ? [{ type: 'EnrollmentSubmitted', data: { enrollmentId: c.enrollmentId, application: c.application } }] : [];
  }
  if (s.status === 'none') throw notFound('ENROLLMENT_NOT_FOUND', `no enrollment ${c.enrollmentId}`);
  const id = c.enrollmentId;
  switch (c.type) {
    case 'ValidateEnrollment': {
      // Only a fresh enrollment, or one resumed from the validation waitlist, is validated.
      if (s.validated || s.status === 'rejected' || (s.status === 'waitlisted' && s.stage === 'validation')) return [];
      const age = ageOn(s.application.studentDateOfBirth, c.at.slice(0, 10));
      if (age < AGE.min || age > AGE.max) {
        return [{ type: 'EnrollmentRejected', data: { enrollmentId: id, reason: `the student must be ${AGE.min} to ${AGE.max} years old (is ${age})` } }];
      }
      if (c.teachersWithRoom === 0) {
        return [
          {
            type: 'EnrollmentWaitlisted',
            data: { enrollmentId: id, instrument: s.application.instrument, stage: 'validation', reason: `no ${s.application.instrument} teacher has room for a new student` },
          },
        ];
      }
      return [{ type: 'EnrollmentValidated', data: { enrollmentId: id, ageYears: age } }];
    }
    case 'WaitlistEnrollment':
      if (s.status !== 'running') return [];
      return [{ type: 'EnrollmentWaitlisted', data: { enrollmentId: id, instrument: s.application.instrument, stage: c.stage, reason: c.reason } }];
    case 'ResumeEnrollment':
      if (s.status !== 'waitlisted' || !s.stage) return [];
      return [{ type: 'EnrollmentResumed', data: { enrollmentId: id, stage: s.stage } }];
    case 'FailStudentAccount':
      if (s.status !== 'running') return [];
      return [{ type: 'StudentAccountFailed', data: { enrollmentId: id, reason: c.reason } }];
    case 'RecordPaymentSetup':
      if (s.paymentRecorded) return [];
      return c.outcome.ok
        ? [{ type: 'PaymentMethodSetUp', data: { enrollmentId: id, parentId: c.parentId, studentId: c.studentId, customerId: c.outcome.customerId, paymentMethodId: c.outcome.paymentMethodId, brand: c.outcome.brand, last4: c.outcome.last4 } }]
        : [
            {
              type: 'PaymentMethodSetupFailed',
              data: { enrollmentId: id, parentId: c.parentId, studentId: c.studentId, customerId: c.outcome.customerId, code: c.outcome.code, reason: c.outcome.reason },
            },
          ];
    case 'RecordDemo':
      if (s.demoRecorded) return [];
      return c.outcome.ok
        ? [{ type: 'DemoScheduled', data: { enrollmentId: id, teacherId: c.teacherId, lessonId: c.outcome.lessonId, startsAt: c.outcome.startsAt, endsAt: c.outcome.endsAt } }]
        : [{ type: 'DemoNotScheduled', data: { enrollmentId: id, teacherId: c.teacherId, reason: c.outcome.reason } }];
    case 'CompleteEnrollment':
      if (s.status === 'completed') return [];
      return [{ type: 'EnrollmentCompleted', data: { enrollmentId: id } }];
    default:
      return assertNever(c);
  }
}

export const enrollmentDecider: Decider<EnrollmentCommand, EnrollmentState, EnrollmentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(s, e) {
    if (e.type === 'EnrollmentSubmitted') {
      return {
        status: 'pending',
        enrollmentId: e.data.enrollmentId,
        application: e.data.application,
        stage: null,
        validated: false,
        paymentRecorded: false,
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
        return { ...s, status: e.data.stage === 'validation' ? 'pending' : 'running', stage: e.data.stage === 'validation' ? null : 'assignment' };
      case 'StudentAccountFailed':
        return { ...s, status: 'failed' };
      case 'PaymentMethodSetUp':
      case 'PaymentMethodSetupFailed':
        return { ...s, paymentRecorded: true, parentId: e.data.parentId };
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
