import { ageOn, EnrollmentCommand, enrollmentDecider, FAMILY_CONFIRMATION_TTL_MS } from './enrollment.decider';
import { EnrollmentEvent } from './enrollment.events';
import { DeciderSpecification } from '../../test/support/decider-specification';
import { storedApplication } from '../../test/support/fixtures';

const application = storedApplication();
const id = 'E1';
const submitted: EnrollmentEvent = { type: 'EnrollmentSubmitted', data: { enrollmentId: id, application } };
const validated: EnrollmentEvent = { type: 'EnrollmentValidated', data: { enrollmentId: id, ageYears: 10 } };
const validate = (at: string, teachersWithRoom = 2): EnrollmentCommand => ({
  type: 'ValidateEnrollment',
  enrollmentId: id,
  at,
  teachersWithRoom,
});

const { given, stateAfter } = DeciderSpecification.for(enrollmentDecider);

describe('enrollment decider', () => {
  it('counts whole years of age on the day', () => {
    expect(ageOn('2016-05-14', '2026-05-13')).toBe(9);
    expect(ageOn('2016-05-14', '2026-05-14')).toBe(10);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });

  it('submits once', () => {
    given([]).when({ type: 'SubmitEnrollment', enrollmentId: id, application, today: '2026-11-01' }).then([submitted]);
    given([submitted]).when({ type: 'SubmitEnrollment', enrollmentId: id, application, today: '2026-11-01' }).then([]);
  });

  it('refuses a date of birth after the day the form arrives, and takes one born that day', () => {
    const born = (dob: string) => ({
      type: 'SubmitEnrollment' as const,
      enrollmentId: id,
      application: { ...application, studentDateOfBirth: dob },
      today: '2026-11-01',
    });
    given([]).when(born('2026-11-02')).thenThrows('studentDateOfBirth cannot be in the future');
    expect(given([]).when(born('2026-11-01')).events).toHaveLength(1);
  });

  it.each([
    ['2021-05-15', 'rejected', 'the student must be 5 to 18 years old (is 4)'],
    ['2021-05-14', 'validated', null],
    ['2007-05-15', 'validated', null],
    ['2007-05-14', 'rejected', 'the student must be 5 to 18 years old (is 19)'],
  ])('born %s, on 2026-05-14: %s', (dob, outcome, reason) => {
    const events = given([
      { ...submitted, data: { enrollmentId: id, application: { ...application, studentDateOfBirth: dob } } },
    ]).when(validate('2026-05-14')).events;
    expect(events[0].type).toBe(outcome === 'rejected' ? 'EnrollmentRejected' : 'EnrollmentValidated');
    if (reason) expect(events[0].data).toEqual({ enrollmentId: id, reason });
  });

  it('waitlists at validation when no teacher has room, and validates again once resumed', () => {
    const waitlisted = given([submitted]).when(validate('2026-11-01', 0)).events;
    expect(waitlisted).toEqual([
      {
        type: 'EnrollmentWaitlisted',
        data: {
          enrollmentId: id,
          instrument: 'piano',
          stage: 'validation',
          reason: 'no piano teacher has room for a new student',
        },
      },
    ]);
    given([submitted, ...waitlisted])
      .when(validate('2026-11-01'))
      .then([]);
    const resumed = given([submitted, ...waitlisted]).when({ type: 'ResumeEnrollment', enrollmentId: id }).events;
    expect(resumed).toEqual([{ type: 'EnrollmentResumed', data: { enrollmentId: id, stage: 'validation' } }]);
    expect(given([submitted, ...waitlisted, ...resumed]).when(validate('2026-11-01')).events[0].type).toBe(
      'EnrollmentValidated',
    );
  });

  it('waitlists at assignment and resumes there; resuming a running enrollment changes nothing', () => {
    const waitlisted = given([submitted, validated]).when({
      type: 'WaitlistEnrollment',
      enrollmentId: id,
      stage: 'assignment',
      reason: 'full',
    }).events;
    expect(waitlisted[0]).toMatchObject({ type: 'EnrollmentWaitlisted', data: { stage: 'assignment' } });
    given([submitted, validated, ...waitlisted])
      .when({ type: 'ResumeEnrollment', enrollmentId: id })
      .then([{ type: 'EnrollmentResumed', data: { enrollmentId: id, stage: 'assignment' } }]);
    given([submitted, validated]).when({ type: 'ResumeEnrollment', enrollmentId: id }).then([]);
  });

  it('records the payment setup and the demo once each, whatever the outcome', () => {
    const failed = given([submitted, validated]).when({
      type: 'RecordPaymentSetup',
      enrollmentId: id,
      parentId: 'P',
      studentId: 'S',
      outcome: { ok: false, customerId: 'cus_1', code: 'card_declined', reason: 'declined' },
    }).events;
    expect(failed).toEqual([
      {
        type: 'PaymentMethodSetupFailed',
        data: {
          enrollmentId: id,
          parentId: 'P',
          studentId: 'S',
          customerId: 'cus_1',
          code: 'card_declined',
          reason: 'declined',
        },
      },
    ]);
    expect(
      given([submitted, validated, ...failed]).when({
        type: 'RecordPaymentSetup',
        enrollmentId: id,
        parentId: 'P',
        studentId: 'S',
        outcome: { ok: true, customerId: 'c', paymentMethodId: 'pm', brand: null, last4: null, makeDefault: true },
      }).events,
    ).toEqual([]);
    const demo = given([submitted, validated]).when({
      type: 'RecordDemo',
      enrollmentId: id,
      teacherId: 'T',
      outcome: { ok: false, reason: 'no slot' },
    }).events;
    expect(demo).toEqual([{ type: 'DemoNotScheduled', data: { enrollmentId: id, teacherId: 'T', reason: 'no slot' } }]);
    given([submitted, validated, ...demo])
      .when({ type: 'RecordDemo', enrollmentId: id, teacherId: 'T', outcome: { ok: false, reason: 'again' } })
      .then([]);
  });

  it('fails on an account problem only while running, and completes once', () => {
    expect(
      given([submitted, validated]).when({ type: 'FailStudentAccount', enrollmentId: id, reason: 'staff email' })
        .events[0].type,
    ).toBe('StudentAccountFailed');
    given([submitted]).when({ type: 'FailStudentAccount', enrollmentId: id, reason: 'x' }).then([]);
    const done: EnrollmentEvent = { type: 'EnrollmentCompleted', data: { enrollmentId: id } };
    given([submitted, validated]).when({ type: 'CompleteEnrollment', enrollmentId: id }).then([done]);
    given([submitted, validated, done]).when({ type: 'CompleteEnrollment', enrollmentId: id }).then([]);
  });
});

describe('enrollment decider: the family behind an enrollment', () => {
  const at = '2026-11-01T12:00:00.000Z';
  const later = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
  const asked: EnrollmentEvent = {
    type: 'FamilyConfirmationRequested',
    data: { enrollmentId: id, parentId: 'P', expiresAt: later(FAMILY_CONFIRMATION_TTL_MS) },
  };
  const confirm = (via: 'new-family' | 'signed-in' | 'email-link', when = at, parentId = 'P'): EnrollmentCommand => ({
    type: 'ConfirmFamily',
    enrollmentId: id,
    parentId,
    via,
    at: when,
  });

  it('establishes a new or signed-in family at once, and only while the enrollment runs', () => {
    given([submitted, validated])
      .when(confirm('new-family'))
      .then([{ type: 'FamilyConfirmed', data: { enrollmentId: id, parentId: 'P', via: 'new-family' } }]);
    given([submitted]).when(confirm('signed-in')).then([]);
    given([submitted, validated])
      .when(confirm('email-link'))
      .thenThrows(/not waiting for a family confirmation/);
  });

  it("holds an existing family's enrollment for 7 days, asking once", () => {
    const held = given([submitted, validated]).when({
      type: 'RequestFamilyConfirmation',
      enrollmentId: id,
      parentId: 'P',
      at,
    }).events;
    expect(held).toEqual([asked]);
    given([submitted, validated, asked])
      .when({ type: 'RequestFamilyConfirmation', enrollmentId: id, parentId: 'P', at })
      .then([]);
    const state = stateAfter([submitted, validated, asked]);
    expect(state.status).toBe('awaiting-family-confirmation');
  });

  it("takes the family's confirmation before the request expires, once, and only from that family", () => {
    given([submitted, validated, asked])
      .when(confirm('email-link', later(1000)))
      .then([{ type: 'FamilyConfirmed', data: { enrollmentId: id, parentId: 'P', via: 'email-link' } }]);
    given([submitted, validated, asked])
      .when(confirm('signed-in', at, 'OTHER'))
      .thenThrows(/only the family/);
    given([submitted, validated, asked])
      .when(confirm('email-link', later(FAMILY_CONFIRMATION_TTL_MS)))
      .thenThrows(/expired/);
    const confirmed: EnrollmentEvent = {
      type: 'FamilyConfirmed',
      data: { enrollmentId: id, parentId: 'P', via: 'email-link' },
    };
    given([submitted, validated, asked, confirmed]).when(confirm('email-link')).then([]);
    given([submitted, validated, asked, confirmed])
      .when({ type: 'DeclineFamilyConfirmation', enrollmentId: id, at })
      .thenThrows(/already confirmed/);
  });

  it('records a decline once; a declined request cannot be confirmed', () => {
    const declined = given([submitted, validated, asked]).when({
      type: 'DeclineFamilyConfirmation',
      enrollmentId: id,
      at,
    }).events;
    expect(declined).toEqual([{ type: 'FamilyConfirmationDeclined', data: { enrollmentId: id, parentId: 'P' } }]);
    given([submitted, validated, asked, ...declined])
      .when({ type: 'DeclineFamilyConfirmation', enrollmentId: id, at })
      .then([]);
    given([submitted, validated, asked, ...declined])
      .when(confirm('email-link'))
      .thenThrows(/already declined/);
  });

  it('expires an unanswered request at its deadline, not before', () => {
    const expire = (when: string): EnrollmentCommand => ({
      type: 'ExpireFamilyConfirmation',
      enrollmentId: id,
      at: when,
    });
    given([submitted, validated, asked])
      .when(expire(later(FAMILY_CONFIRMATION_TTL_MS - 1)))
      .then([]);
    given([submitted, validated, asked])
      .when(expire(later(FAMILY_CONFIRMATION_TTL_MS)))
      .then([{ type: 'FamilyConfirmationExpired', data: { enrollmentId: id, parentId: 'P' } }]);
    const confirmed: EnrollmentEvent = {
      type: 'FamilyConfirmed',
      data: { enrollmentId: id, parentId: 'P', via: 'email-link' },
    };
    given([submitted, validated, asked, confirmed])
      .when(expire(later(FAMILY_CONFIRMATION_TTL_MS)))
      .then([]);
  });
});
