import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { accountDecider } from '../account.decider';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../gateway/payment-gateway.port';
import { refundKey } from '../gateway/idempotency-keys';
import { paymentDecider } from '../payment.decider';
import { accountStream, paymentStream } from '../payment.events';
import { paymentOf } from '../payment-follow-ups.handlers';

/** Gives money back through the gateway, keyed by the refund: asked twice, refunded once. */
export class IssueRefund implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly refundId: string,
    readonly context: CommandContext,
  ) {}
}
export class PostRefund implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly refundId: string,
    readonly amountCents: number,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(IssueRefund)
export class IssueRefundHandler implements ICommandHandler<IssueRefund> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  /**
   * Any refusal or outage is recorded as RefundFailed, which frees the reserved amount; should
   * Stripe have refunded after all, its charge.refunded webhook (running totals) records it.
   */
  async execute({ paymentId, refundId, context }: IssueRefund): Promise<void> {
    const p = await paymentOf(this.executor, paymentId);
    const amountCents = p.pendingRefunds[refundId];
    if (amountCents === undefined) return;
    let outcome: { ok: true; gatewayRefundId: string } | { ok: false; code: string; reason: string };
    if (!p.paymentIntentId) {
      outcome = { ok: false, code: 'no_payment_intent', reason: 'the payment has no Stripe payment intent to refund' };
    } else {
      try {
        const refund = await this.gateway.refund({
          idempotencyKey: refundKey(paymentId, refundId),
          paymentIntentId: p.paymentIntentId,
          amountCents,
          metadata: { paymentId, refundId },
        });
        outcome = { ok: true, gatewayRefundId: refund.refundId };
      } catch (err) {
        if (!(err instanceof PaymentGatewayError)) throw err;
        outcome = { ok: false, code: err.code, reason: err.message };
      }
    }
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'RecordRefundOutcome', paymentId, refundId, outcome },
      context,
    );
  }
}

@CommandHandler(PostRefund)
export class PostRefundHandler implements ICommandHandler<PostRefund> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ paymentId, refundId, amountCents, context }: PostRefund): Promise<void> {
    const r = (await paymentOf(this.executor, paymentId)).request;
    await this.executor.execute(
      accountStream(r.parentId),
      accountDecider,
      {
        type: 'PostRefund',
        refundId,
        parentId: r.parentId,
        paymentId,
        studentId: r.studentId,
        amountCents,
        instrument: r.instrument,
        teacherId: r.teacherId,
      },
      context,
    );
  }
}

export const REFUND_HANDLERS = [IssueRefundHandler, PostRefundHandler];
