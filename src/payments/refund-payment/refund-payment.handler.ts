import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { notFound } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { paymentDecider, PaymentState, PaymentStatus } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { RefundPayment } from './refund-payment.command';
import { IssueRefund, PAYMENT_REFUND } from './refund.workflow';

export interface RefundResult {
  refundId: string;
  amountCents: number;
  status: 'pending' | 'failed' | 'succeeded';
  refundedCents: number;
  paymentStatus: PaymentStatus;
}

/**
 * Reserves the amount on the payment's stream (the payment decider keeps two refunds from ever
 * exceeding the charge), then refunds through the gateway at once, as the refund workflow would:
 * with the command id the workflow derives from the RefundRequested event, so its later delivery
 * is a no-op, and after a crash it finishes the refund.
 */
@CommandHandler(RefundPayment)
export class RefundPaymentHandler implements ICommandHandler<RefundPayment, RefundResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commandBus: CommandBus,
  ) {}

  async execute({ paymentId, amountCents, reason, context }: RefundPayment): Promise<RefundResult> {
    const refundId = deriveId(context.commandId, 'refund');
    const requested = await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'RequestRefund', paymentId, refundId, amountCents, reason },
      context,
    );
    if (requested.events.length) {
      // The event ids derive from the command id: the first event is the RefundRequested.
      const eventId = deriveId('event', context.commandId, '0');
      const issue: CommandContext = {
        commandId: deriveId('workflow', PAYMENT_REFUND.name, 'IssueRefund', eventId),
        correlationId: context.correlationId,
        causationId: eventId,
        actor: context.actor,
        issuedAt: context.issuedAt,
      };
      await this.commandBus.execute(new IssueRefund(paymentId, refundId, issue));
    }
    const after = await this.executor.load<PaymentState, never>(paymentStream(paymentId), paymentDecider);
    if (after.status === 'none') throw notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
    return {
      refundId,
      amountCents: after.refundAmounts[refundId],
      status:
        after.pendingRefunds[refundId] !== undefined
          ? 'pending'
          : after.failedRefunds.includes(refundId)
            ? 'failed'
            : 'succeeded',
      refundedCents: after.refundedCents,
      paymentStatus: after.status,
    };
  }
}
