import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyPaymentMethodRow } from '../../../projections/payments/payment.entity';
import { CommandExecutor } from '../../cqrs/command-executor';
import { lessonDecider, LessonState } from '../../lessons/lesson.decider';
import { lessonStream } from '../../lessons/lesson.events';
import { deriveId } from '../../shared/ids';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { paymentDecider } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { decideOneOffCharge } from './one-off-charge.decider';
import { ProcessPayment } from './process-payment.command';

export interface RequestedPayment {
  paymentId: string;
}

/**
 * Records the payment request for an active student (a lesson of theirs at its price, or any
 * amount), with the family's saved payment method unless one is given: the one-off charge
 * decider decides it over the student and the lesson, the payment decider records it, and the
 * payment workflow charges it from the stored event.
 */
@CommandHandler(ProcessPayment)
export class ProcessPaymentHandler implements ICommandHandler<ProcessPayment, RequestedPayment> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
  ) {}

  async execute({ data, context }: ProcessPayment): Promise<RequestedPayment> {
    const [student, lesson] = await Promise.all([
      this.executor.load<StudentState, never>(studentStream(data.studentId), studentDecider),
      data.lessonId
        ? this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider)
        : lessonDecider.initialState(),
    ]);
    const paymentId = deriveId(context.commandId, 'payment');
    const [requested] = decideOneOffCharge(
      {
        type: 'RequestOneOffCharge',
        paymentId,
        studentId: data.studentId,
        lessonId: data.lessonId,
        amountCents: data.amountCents,
        description: data.description,
        paymentMethod: data.paymentMethodId
          ? { paymentMethodId: data.paymentMethodId, customerId: null }
          : await this.savedMethodOf(student),
      },
      { student, lesson },
    );
    const { currency: _currency, ...charge } = requested.data;
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'RequestPayment', ...charge },
      context,
    );
    return { paymentId };
  }

  /** The family's saved payment method (read model), when the student has a family. */
  private async savedMethodOf(student: StudentState) {
    if (student.status === 'none') return null;
    const saved = await this.em.fork().findOne(FamilyPaymentMethodRow, { parentId: student.parentId });
    return saved ? { paymentMethodId: saved.paymentMethodId, customerId: saved.customerId } : null;
  }
}
