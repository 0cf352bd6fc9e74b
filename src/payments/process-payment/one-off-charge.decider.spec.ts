import { DeciderSpecification } from '../../../test/support/decider-specification';
import { LessonEvent } from '../../lessons/lesson.events';
import { StudentEvent } from '../../students/student.events';
import { PaymentRequested } from '../payment.events';
import { oneOffChargeDecider, RequestOneOffCharge } from './one-off-charge.decider';

const { given } = DeciderSpecification.for(oneOffChargeDecider);

const enrolled: StudentEvent = {
  type: 'StudentEnrolled',
  data: {
    studentId: 'S1',
    parentId: 'F1',
    enrollmentId: 'E1',
    firstName: 'Mia',
    lastName: 'Student',
    dateOfBirth: '2015-03-02',
    instrument: 'piano',
    skillLevel: 'beginner',
    lessonRateCents: 40_00,
    lessonDurationMinutes: 30,
    preferredLessonDay: null,
    preferredLessonTime: null,
  },
};
const assigned: StudentEvent = { type: 'TeacherAssigned', data: { studentId: 'S1', teacherId: 'T1' } };
const withdrawn: StudentEvent = { type: 'StudentWithdrawn', data: { studentId: 'S1', reason: null } };
const lesson = (studentId: string, durationMinutes: number): LessonEvent => ({
  type: 'LessonScheduled',
  data: {
    lessonId: 'L1',
    studentId,
    teacherId: 'T1',
    startsAt: '2026-12-08T21:00:00.000Z',
    endsAt: new Date(Date.parse('2026-12-08T21:00:00.000Z') + durationMinutes * 60_000).toISOString(),
    durationMinutes,
    lessonType: 'regular',
    seriesId: null,
    notes: null,
    makeupCreditId: null,
  },
});

const charge = (over: Partial<RequestOneOffCharge> = {}): RequestOneOffCharge => ({
  type: 'RequestOneOffCharge',
  paymentId: 'P1',
  studentId: 'S1',
  lessonId: null,
  amountCents: 25_00,
  description: 'Recital fee',
  paymentMethod: { paymentMethodId: 'pm_saved', customerId: 'cus_1' },
  ...over,
});
const requested = (over: Partial<PaymentRequested['data']> = {}): PaymentRequested => ({
  type: 'PaymentRequested',
  data: {
    paymentId: 'P1',
    studentId: 'S1',
    parentId: 'F1',
    lessonId: null,
    amountCents: 25_00,
    currency: 'CAD',
    description: 'Recital fee',
    paymentMethodId: 'pm_saved',
    customerId: 'cus_1',
    instrument: 'piano',
    teacherId: 'T1',
    ...over,
  },
});

describe('one-off charge decider', () => {
  it("charges an active student's family any amount, with the student's instrument and teacher", () => {
    given([enrolled, assigned]).when(charge()).then([requested()]);
  });

  it('charges a lesson of the student at its price when no amount is given', () => {
    given([enrolled, assigned, lesson('S1', 45)])
      .when(charge({ lessonId: 'L1', amountCents: null }))
      .then([requested({ lessonId: 'L1', amountCents: 60_00 })]);
  });

  it('refuses an amount other than the lesson price', () => {
    const refusal = given([enrolled, lesson('S1', 30)])
      .when(charge({ lessonId: 'L1', amountCents: 25_00 }))
      .refusal('AMOUNT_NOT_LESSON_PRICE', 'rejected');
    expect(refusal.details).toEqual({ price: 40 });
  });

  it('refuses an unknown or withdrawn student', () => {
    given([]).when(charge()).thenRefuses('STUDENT_NOT_FOUND', 'not_found');
    given([enrolled, withdrawn]).when(charge()).thenRefuses('STUDENT_NOT_ACTIVE', 'rejected');
  });

  it("refuses an unknown lesson, or another student's", () => {
    given([enrolled])
      .when(charge({ lessonId: 'L1' }))
      .thenRefuses('LESSON_NOT_FOUND', 'not_found');
    given([enrolled, lesson('S2', 30)])
      .when(charge({ lessonId: 'L1' }))
      .thenRefuses('LESSON_OF_ANOTHER_STUDENT', 'rejected');
  });

  it('needs an amount unless it charges a lesson, and a payment method', () => {
    given([enrolled])
      .when(charge({ amountCents: null }))
      .thenRefuses('PAYMENT_AMOUNT_REQUIRED', 'invalid');
    given([enrolled])
      .when(charge({ paymentMethod: null }))
      .thenRefuses('NO_PAYMENT_METHOD', 'rejected');
  });
});
