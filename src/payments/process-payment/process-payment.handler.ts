import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyPaymentMethodRow } from '../../../projections/payments/payment.entity';
import { CommandExecutor } from '../../cqrs/command-executor';
import { lessonDecider, LessonState } from '../../lessons/lesson.decider';
import { lessonStream } from '../../lessons/lesson.events';
import { invalid, notFound, rejected } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { paymentDecider } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { lessonChargeCents } from '../pricing';
import { ProcessPayment } from './process-payment.command';

export interface RequestedPayment {
  paymentId: string;
}

/**
 * Records the payment request for an active student (a lesson of theirs at its price, or any
 * amount), with the family's saved payment method unless one is given; the payment workflow
 * charges it from the stored event.
 */
@CommandHandler(ProcessPayment)
export class ProcessPaymentHandler implements ICommandHandler<ProcessPayment, RequestedPayment> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
  ) {}

  async execute({ data, context }: ProcessPayment): Promise<RequestedPayment> {
    const student = await this.executor.load<StudentState, never>(studentStream(data.studentId), studentDecider);
    if (student.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${data.studentId}`);
    if (student.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
    let amountCents = data.amountCents;
    if (data.lessonId) {
      const lesson = await this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider);
      if (lesson.status === 'none') throw notFound('LESSON_NOT_FOUND', `no lesson ${data.lessonId}`);
      if (lesson.studentId !== data.studentId)
        throw rejected('LESSON_OF_ANOTHER_STUDENT', "the lesson is not one of this student's");
      // A lesson is charged at its price by the pricing rule, as the monthly billing would.
      amountCents = lessonChargeCents(
        {
          rateCents: student.lessonRateCents,
          enrolledMinutes: student.lessonDurationMinutes,
          lessonMinutes: lesson.durationMinutes,
        },
        data.amountCents,
      );
    }
    if (amountCents === null)
      throw invalid('PAYMENT_AMOUNT_REQUIRED', 'amount is required unless the charge is for a lesson (lessonId)');
    let paymentMethodId = data.paymentMethodId;
    let customerId: string | null = null;
    if (!paymentMethodId) {
      const saved = await this.em.fork().findOne(FamilyPaymentMethodRow, { parentId: student.parentId });
      if (!saved) throw rejected('NO_PAYMENT_METHOD', 'the family has no saved payment method: give a paymentMethodId');
      paymentMethodId = saved.paymentMethodId;
      customerId = saved.customerId;
    }
    const paymentId = deriveId(context.commandId, 'payment');
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      {
        type: 'RequestPayment',
        paymentId,
        studentId: data.studentId,
        parentId: student.parentId,
        lessonId: data.lessonId,
        amountCents,
        description: data.description,
        paymentMethodId,
        customerId,
        instrument: student.instrument,
        teacherId: student.teacherId,
      },
      context,
    );
    return { paymentId };
  }
}
