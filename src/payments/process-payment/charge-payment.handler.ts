import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../gateway/payment-gateway.port';
import { AttemptOutcome, paymentDecider, PaymentState } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { chargeKey } from '../payment-policy';

/** How long a gateway outage is retried (the subscription's back-off) before it counts as a failed attempt. */
const GATEWAY_PATIENCE_MS = 5 * 60 * 1000;

/** ProcessPayment: one charge attempt through the gateway, its outcome recorded. */
export class ChargePayment implements ICommand {
  /** since: when the attempt was asked for */
  constructor(readonly paymentId: string, readonly attempt: number, readonly since: string, readonly context: CommandContext) {}
}

@CommandHandler(ChargePayment)
export class ChargePaymentHandler implements ICommandHandler<ChargePayment> {
  private readonly logger = new Logger('ChargePayment');

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ paymentId, attempt, since, context }: ChargePayment): Promise<void> {
    const p = await this.executor.load<PaymentState, never>(paymentStream(paymentId), paymentDecider);
    if (p.status !== 'pending' || p.attempt !== attempt || p.outcomes[attempt]) return;
    const r = p.request;
    let outcome: AttemptOutcome;
    try {
      const intent = await this.gateway.createPaymentIntent({
        idempotencyKey: chargeKey(paymentId, attempt),
        amountCents: r.amountCents,
        currency: 'cad',
        customerId: r.customerId,
        paymentMethodId: r.paymentMethodId,
        description: r.description,
        metadata: { paymentId, attempt: String(attempt), studentId: r.studentId },
      });
      if (intent.status !== 'succeeded') {
        // Still settling (3-D Secure, bank debit): the webhook brings the outcome.
        this.logger.log(`payment ${paymentId} attempt ${attempt}: intent ${intent.paymentIntentId} is ${intent.status}; waiting for Stripe`);
        return;
      }
      outcome = { ok: true, paymentIntentId: intent.paymentIntentId };
    } catch (err) {
      if (!(err instanceof PaymentGatewayError)) throw err;
      if (err.retryable && Date.parse(context.issuedAt) - Date.parse(since) < GATEWAY_PATIENCE_MS) throw err;
      outcome = { ok: false, paymentIntentId: err.paymentIntentId ?? null, code: err.code, declineCode: err.declineCode ?? null, reason: err.message };
    }
    await this.executor.execute(paymentStream(paymentId), paymentDecider, { type: 'RecordPaymentOutcome', paymentId, attempt, outcome, source: 'gateway' }, context);
  }
}
