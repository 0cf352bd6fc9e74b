import { assertNever, Decider } from '../shared/decider';
import { notFound } from '../shared/domain-error';
import { EnrollmentEvent } from './enrollment.events';
import {
  AGE,
  ageOn,
  checkApplication,
  EnrollmentCommand,
  EnrollmentState,
  FAMILY_CONFIRMATION_TTL_MS,
} from './enrollment.state';
import { awaitedFamily, confirmFamily } from './family-confirmation.rules';

export * from './enrollment.state';

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
