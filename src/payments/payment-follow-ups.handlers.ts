import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { StudentRow } from '../../projections/students/student.entity';
import { UserRow } from '../../projections/users/user.entity';
import { CommandContext } from '../cqrs/command-context';
import { CommandExecutor } from '../cqrs/command-executor';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { accountDecider } from './account.decider';
import { paymentDecider, PaymentOpen, PaymentState, PaymentRetryPolicy } from './payment.decider';
import { accountStream, paymentStream } from './payment.events';
import { formatCad } from './format-cad';

/** UpdateAccounting: the succeeded charge posted to the family account. */
export class PostCharge implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly context: CommandContext,
  ) {}
}
export class SendReceipt implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly context: CommandContext,
  ) {}
}
/** RetryPayment: the next attempt on the schedule, or the end. */
export class ScheduleRetry implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly failedAttempt: number,
    readonly policy: PaymentRetryPolicy,
    readonly context: CommandContext,
  ) {}
}
export class NotifyPaymentFailure implements ICommand {
  /** retry: the retry the event scheduled (null for the final failure) */
  constructor(
    readonly paymentId: string,
    readonly retry: { attempt: number; dueAt: string } | null,
    readonly eventId: string,
    readonly context: CommandContext,
  ) {}
}

export async function paymentOf(executor: CommandExecutor, paymentId: string): Promise<PaymentOpen> {
  const p = await executor.load<PaymentState, never>(paymentStream(paymentId), paymentDecider);
  if (p.status === 'none') throw new Error(`payment ${paymentId} is not stored`);
  return p;
}

/** The family's email and the student's name, from the read models (both exist long before a payment). */
export async function familyOf(
  em: EntityManager,
  studentId: string,
): Promise<{ to: string; parentName: string; studentName: string } | null> {
  const student = await em.findOne(StudentRow, { id: studentId });
  if (!student) throw new Error(`student ${studentId} is not in the read model yet`);
  const parent = await em.findOne(UserRow, { id: student.parentId });
  if (!parent) return null;
  return { to: parent.email, parentName: parent.displayName, studentName: `${student.firstName} ${student.lastName}` };
}

@CommandHandler(PostCharge)
export class PostChargeHandler implements ICommandHandler<PostCharge> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ paymentId, context }: PostCharge): Promise<void> {
    const p = await paymentOf(this.executor, paymentId);
    const r = p.request;
    await this.executor.execute(
      accountStream(r.parentId),
      accountDecider,
      {
        type: 'PostCharge',
        parentId: r.parentId,
        paymentId,
        studentId: r.studentId,
        amountCents: r.amountCents,
        instrument: r.instrument,
        teacherId: r.teacherId,
      },
      context,
    );
  }
}

@CommandHandler(SendReceipt)
export class SendReceiptHandler implements ICommandHandler<SendReceipt> {
  private readonly logger = new Logger('PaymentEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
  ) {}

  async execute({ paymentId, context }: SendReceipt): Promise<void> {
    const p = await paymentOf(this.executor, paymentId);
    if (p.receiptSent) return;
    const family = await familyOf(this.em.fork(), p.request.studentId);
    if (!family) {
      this.logger.warn(`no family email for the receipt of payment ${paymentId}`);
    } else {
      await this.outbox.request({
        key: `payment-receipt:${paymentId}`,
        to: family.to,
        template: 'payment-receipt',
        data: {
          parentName: family.parentName,
          studentName: family.studentName,
          amount: formatCad(p.request.amountCents),
          description: p.request.description,
          paidAt: context.issuedAt,
          receiptNumber: paymentId,
        },
        causedByEventId: context.causationId ?? undefined,
        correlationId: context.correlationId,
      });
    }
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'RecordReceipt', paymentId },
      context,
    );
  }
}

@CommandHandler(ScheduleRetry)
export class ScheduleRetryHandler implements ICommandHandler<ScheduleRetry> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ paymentId, failedAttempt, policy, context }: ScheduleRetry): Promise<void> {
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'ScheduleRetry', paymentId, failedAttempt, at: context.issuedAt, policy },
      context,
    );
  }
}

@CommandHandler(NotifyPaymentFailure)
export class NotifyPaymentFailureHandler implements ICommandHandler<NotifyPaymentFailure> {
  private readonly logger = new Logger('PaymentEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
  ) {}

  async execute({ paymentId, retry, eventId, context }: NotifyPaymentFailure): Promise<void> {
    const p = await paymentOf(this.executor, paymentId);
    // A late success makes the notice moot.
    if (p.status === 'succeeded' || p.status === 'refunded') return;
    const family = await familyOf(this.em.fork(), p.request.studentId);
    if (!family) {
      this.logger.warn(`no family email for the failure notice of payment ${paymentId}`);
      return;
    }
    const common = {
      parentName: family.parentName,
      studentName: family.studentName,
      amount: formatCad(p.request.amountCents),
      description: p.request.description,
      reason: p.lastFailure?.reason ?? 'the card was declined',
    };
    if (!retry) {
      await this.outbox.request({
        key: `payment-final-failure:${paymentId}`,
        to: family.to,
        template: 'payment-final-failure',
        data: { ...common, attempts: String(p.attempt) },
        causedByEventId: eventId,
        correlationId: context.correlationId,
      });
      return;
    }
    await this.outbox.request({
      key: `payment-failed:${paymentId}:${retry.attempt}`,
      to: family.to,
      template: 'payment-failed',
      data: { ...common, nextAttemptAt: retry.dueAt },
      causedByEventId: eventId,
      correlationId: context.correlationId,
    });
  }
}

export const PAYMENT_FOLLOW_UP_HANDLERS = [
  PostChargeHandler,
  SendReceiptHandler,
  ScheduleRetryHandler,
  NotifyPaymentFailureHandler,
];
