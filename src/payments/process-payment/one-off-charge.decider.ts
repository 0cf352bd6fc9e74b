import { Decider } from '../../shared/decider';
import { invalid, notFound, rejected } from '../../shared/domain-error';
import { lessonDecider, LessonState } from '../../lessons/lesson.decider';
import { LESSON_EVENT_TYPES, LessonEvent } from '../../lessons/lesson.events';
import { studentDecider, StudentState } from '../../students/student.decider';
import { StudentEvent } from '../../students/student.events';
import { PaymentRequested } from '../payment.events';
import { lessonChargeCents } from '../pricing';

/**
 * A one-off charge of a family for one of its students (POST /api/v1/payments): the rules span
 * the student's stream and, for a lesson, the lesson's. The decided PaymentRequested is then
 * recorded on the payment's own stream by the payment decider (amount range, once per payment).
 */
export interface OneOffChargeState {
  student: StudentState;
  /** the lesson charged for ({ status: 'none' } when none is named) */
  lesson: LessonState;
}

export type RequestOneOffCharge = {
  type: 'RequestOneOffCharge';
  paymentId: string;
  studentId: string;
  /** a lesson of the student's, charged at its price unless amountCents is given */
  lessonId: string | null;
  amountCents: number | null;
  description: string;
  /** the method given with the charge, else the family's saved one; null: neither */
  paymentMethod: { paymentMethodId: string; customerId: string | null } | null;
};

/** what the decision reads (the student's and the lesson's events) and what it decides */
export type OneOffChargeEvent = StudentEvent | LessonEvent | PaymentRequested;

const isLessonEvent = (e: StudentEvent | LessonEvent): e is LessonEvent =>
  (LESSON_EVENT_TYPES as readonly string[]).includes(e.type);

/** The charge, or the rule it breaks. */
export function decideOneOffCharge(c: RequestOneOffCharge, { student, lesson }: OneOffChargeState): PaymentRequested[] {
  if (student.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
  if (student.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
  let amountCents = c.amountCents;
  if (c.lessonId) {
    if (lesson.status === 'none') throw notFound('LESSON_NOT_FOUND', `no lesson ${c.lessonId}`);
    if (lesson.studentId !== c.studentId)
      throw rejected('LESSON_OF_ANOTHER_STUDENT', "the lesson is not one of this student's");
    // A lesson is charged at its price by the pricing rule, as the monthly billing would.
    amountCents = lessonChargeCents(
      {
        rateCents: student.lessonRateCents,
        enrolledMinutes: student.lessonDurationMinutes,
        lessonMinutes: lesson.durationMinutes,
      },
      c.amountCents,
    );
  }
  if (amountCents === null)
    throw invalid('PAYMENT_AMOUNT_REQUIRED', 'amount is required unless the charge is for a lesson (lessonId)');
  if (!c.paymentMethod)
    throw rejected('NO_PAYMENT_METHOD', 'the family has no saved payment method: give a paymentMethodId');
  return [
    {
      type: 'PaymentRequested',
      data: {
        paymentId: c.paymentId,
        studentId: c.studentId,
        parentId: student.parentId,
        lessonId: c.lessonId,
        amountCents,
        currency: 'CAD',
        description: c.description,
        paymentMethodId: c.paymentMethod.paymentMethodId,
        customerId: c.paymentMethod.customerId,
        instrument: student.instrument,
        teacherId: student.teacherId,
      },
    },
  ];
}

export const oneOffChargeDecider: Decider<RequestOneOffCharge, OneOffChargeState, OneOffChargeEvent> = {
  initialState: () => ({ student: studentDecider.initialState(), lesson: lessonDecider.initialState() }),
  evolve: (s, e) => {
    // The payment is recorded on its own stream: it changes neither the student nor the lesson.
    if (e.type === 'PaymentRequested') return s;
    return isLessonEvent(e)
      ? { ...s, lesson: lessonDecider.evolve(s.lesson, e) }
      : { ...s, student: studentDecider.evolve(s.student, e) };
  },
  decide: decideOneOffCharge,
};
