import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '../../cqrs/command-executor';
import { isEvent } from '../../event-store/stored-event';
import { notFound } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { paymentDecider, PaymentState, PaymentStatus } from '../payment.decider';
import { paymentStream, RefundRequested } from '../payment.events';
import { RefundPayment } from './refund-payment.command';
import { PaymentRefundWorkflow } from './refund.workflow';

export interface RefundResult {
  refundId: string;
  amountCents: number;
  status: 'pending' | 'failed' | 'succeeded';
  refundedCents: number;
  paymentStatus: PaymentStatus;
}

/**
 * Reserves the amount on the payment's stream (the payment decider keeps two refunds from ever
 * exceeding the charge), then runs the refund workflow's nodes for the RefundRequested at once
 * (WorkflowSaga.runNow): the very command the saga issues on its later delivery, which is then a
 * no-op; after a crash, or when the gateway cannot be reached now, the saga finishes the refund.
 */
@CommandHandler(RefundPayment)
export class RefundPaymentHandler implements ICommandHandler<RefundPayment, RefundResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly refunds: PaymentRefundWorkflow,
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
      const request = requested.stored?.find(isEvent<RefundRequested>('RefundRequested'));
      if (request) await this.refunds.runNow(request);
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
