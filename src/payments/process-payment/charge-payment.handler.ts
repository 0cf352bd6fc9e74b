import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../gateway/payment-gateway.port';
import { AttemptOutcome, paymentDecider, PaymentState } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { chargeKey } from '../gateway/idempotency-keys';
import { deriveId } from '../../shared/ids';

/** ProcessPayment: one charge attempt through the gateway, its outcome recorded. */
export class ChargePayment implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly attempt: number,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChargePayment)
export class ChargePaymentHandler implements ICommandHandler<ChargePayment> {
  private readonly logger = new Logger('ChargePayment');

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ paymentId, attempt, context }: ChargePayment): Promise<void> {
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
        // Still settling (3-D Secure, bank debit): the webhook brings the outcome, and proves it
        // by this intent id, recorded here for the attempt.
        this.logger.log(
          `payment ${paymentId} attempt ${attempt}: intent ${intent.paymentIntentId} is ${intent.status}; ` +
            `waiting for Stripe`,
        );
        const pending = {
          type: 'RecordPendingIntent' as const,
          paymentId,
          attempt,
          paymentIntentId: intent.paymentIntentId,
          status: intent.status,
        };
        // A command of its own: the outcome this handler may still record keeps the context's id.
        await this.executor.execute(paymentStream(paymentId), paymentDecider, pending, {
          ...context,
          commandId: deriveId(context.commandId, 'pending-intent'),
        });
        return;
      }
      outcome = { ok: true, paymentIntentId: intent.paymentIntentId };
    } catch (err) {
      // The SDK has already retried connection errors and 5xx with the same key. An outage that
      // outlasts that is a failed attempt, retried on the dunning schedule (not a parked event,
      // which would leave the payment pending for ever); if Stripe did charge after all, its
      // payment_intent.succeeded webhook records the success and no retry happens.
      if (!(err instanceof PaymentGatewayError)) throw err;
      outcome = {
        ok: false,
        paymentIntentId: err.paymentIntentId ?? null,
        code: err.code,
        declineCode: err.declineCode ?? null,
        reason: err.message,
      };
    }
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      { type: 'RecordPaymentOutcome', paymentId, attempt, outcome, source: 'gateway' },
      context,
    );
  }
}
