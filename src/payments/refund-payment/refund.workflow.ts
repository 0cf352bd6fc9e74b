import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Clock } from '../../shared/clock';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { NodeCommandFactory, WorkflowSaga } from '../../workflows/workflow.saga';
import { accountDecider } from '../account.decider';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../gateway/payment-gateway.port';
import { paymentDecider } from '../payment.decider';
import { accountStream, PaymentRefunded, paymentStream, RefundRequested } from '../payment.events';
import { paymentOf } from '../payment-follow-ups.handlers';
import { refundKey } from '../gateway/idempotency-keys';

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

export const PAYMENT_REFUND: WorkflowDefinition = {
  name: 'payment-refund',
  description:
    'Give money back (full or partial, never more than charged) and post it to the family ledger; refunds made in Stripe arrive by webhook',
  // PaymentRefunded also arrives from Stripe's charge.refunded webhook for refunds made there.
  startsWith: ['RefundRequested', 'PaymentRefunded'],
  nodes: [
    {
      name: 'IssueRefund',
      command: 'IssueRefund',
      on: ['RefundRequested'],
      emits: ['PaymentRefunded', 'RefundFailed'],
      description: 'a Stripe refund with an idempotency key per refund',
    },
    {
      name: 'PostRefund',
      command: 'PostRefund',
      on: ['PaymentRefunded'],
      emits: ['RefundPosted'],
      description: 'the refund posted once to the family account',
    },
  ],
  routers: [
    {
      name: 'RefundOutcome',
      after: 'IssueRefund',
      routes: [
        { on: 'PaymentRefunded', to: 'PostRefund', label: 'refunded' },
        { on: 'RefundFailed', to: null, label: 'refused by the gateway' },
      ],
    },
  ],
};

@ReactorProvider()
@Injectable()
export class PaymentRefundWorkflow extends WorkflowSaga {
  readonly definition = PAYMENT_REFUND;
  protected readonly commands: Record<string, NodeCommandFactory> = {
    IssueRefund: (e, ctx) =>
      new IssueRefund((e.data as RefundRequested['data']).paymentId, (e.data as RefundRequested['data']).refundId, ctx),
    PostRefund: (e, ctx) => {
      const d = e.data as PaymentRefunded['data'];
      return new PostRefund(d.paymentId, d.refundId, d.amountCents, ctx);
    },
  };

  partitionOf(e: { data: unknown }): string {
    return (e.data as { paymentId: string }).paymentId;
  }

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

export const REFUND_HANDLERS = [IssueRefundHandler, PostRefundHandler];
