import { EntityManager } from '@mikro-orm/postgresql';
import { BadRequestException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import Stripe from 'stripe';
import { PaymentIntentRow } from '../../../projections/payments/payment.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Actor } from '../../event-store/event-store.port';
import { Clock } from '../../shared/clock';
import { deriveId, isUuid } from '../../shared/ids';
import { RequestContexts } from '../../shared/request-context';
import { PaymentCommand, paymentDecider, PaymentState } from '../payment.decider';
import { paymentStream } from '../payment.events';

export const STRIPE_ACTOR: Actor = { id: 'stripe', role: 'stripe' };
/** Stripe's own default: a signature older than five minutes is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookResult = { received: true; duplicate?: true; ignored?: string };

/** Recently handled Stripe event ids kept in memory: Stripe's retries mostly come soon after. */
const RECENT_EVENTS = 10_000;

/**
 * Stripe's webhooks: verified over the raw body, each event id handled once, turned into the
 * same commands as our own gateway results (whichever is stored first wins, the other changes
 * nothing).
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger('StripeWebhooks');
  private readonly recent = new Set<string>();

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verify(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    if (!this.config.stripeWebhookSecret) throw new ServiceUnavailableException('webhooks are not configured (STRIPE_WEBHOOK_SECRET)');
    if (!signature) throw new BadRequestException('the Stripe-Signature header is missing');
    if (!rawBody?.length) throw new BadRequestException('the webhook body is empty');
    try {
      // receivedAt (milliseconds) from our clock: the age check uses the same time as everything else.
      return Stripe.webhooks.constructEvent(rawBody, signature, this.config.stripeWebhookSecret, WEBHOOK_TOLERANCE_SECONDS, undefined, this.clock.now().getTime());
    } catch (err) {
      throw new BadRequestException(`the Stripe signature does not verify: ${(err as Error).message}`);
    }
  }

  async handle(event: Stripe.Event): Promise<WebhookResult> {
    if (this.recent.has(event.id)) return { received: true, duplicate: true };
    const em = this.em.fork();
    const [known] = await em.execute<unknown[]>('SELECT 1 FROM stripe_webhook_events WHERE event_id = ?', [event.id]);
    if (known) {
      this.remember(event.id);
      return { received: true, duplicate: true };
    }
    const result = await this.apply(event);
    await em.execute('INSERT INTO stripe_webhook_events (event_id, type, payment_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING', [
      event.id,
      event.type,
      result.paymentId,
      this.clock.now(),
    ]);
    this.remember(event.id);
    return result.ignored ? { received: true, ignored: result.ignored } : { received: true };
  }

  /** Only after the event is recorded as handled: a failed attempt must be redelivered in full. */
  private remember(eventId: string): void {
    this.recent.add(eventId);
    if (this.recent.size > RECENT_EVENTS) this.recent.delete(this.recent.values().next().value!);
  }

  private async apply(event: Stripe.Event): Promise<{ paymentId: string | null; ignored?: string }> {
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        const paymentId = await this.paymentOf(intent.metadata, intent.id);
        if (!paymentId) return { paymentId: null, ignored: 'not one of our payments' };
        const attempt = Number(intent.metadata?.attempt);
        const error = intent.last_payment_error;
        return this.record(paymentId, event, (state) => ({
          type: 'RecordPaymentOutcome',
          paymentId,
          attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : state.attempt,
          outcome:
            event.type === 'payment_intent.succeeded'
              ? { ok: true, paymentIntentId: intent.id }
              : { ok: false, paymentIntentId: intent.id, code: error?.code ?? 'card_declined', declineCode: error?.decline_code ?? null, reason: error?.message ?? 'the payment failed' },
          source: 'webhook',
          stripeEventId: event.id,
        }));
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
        const paymentId = await this.paymentOf(charge.metadata, intentId);
        if (!paymentId) return { paymentId: null, ignored: 'not one of our payments' };
        // A refunded charge was paid: if its success has not reached us yet, it is recorded first.
        if (charge.paid && intentId) {
          const paid = await this.record(paymentId, event, (state) => ({
            type: 'RecordPaymentOutcome',
            paymentId,
            attempt: Number(charge.metadata?.attempt) || state.attempt,
            outcome: { ok: true, paymentIntentId: intentId },
            source: 'webhook',
          }), 'charge-paid');
          if (!paid.paymentId) return paid;
        }
        return this.record(paymentId, event, () => ({ type: 'RecordStripeRefundTotal', paymentId, amountRefundedCents: charge.amount_refunded, stripeEventId: event.id }));
      }
      default:
        return { paymentId: null, ignored: `${event.type} is not handled` };
    }
  }

  private async record(
    paymentId: string,
    event: Stripe.Event,
    command: (state: Exclude<PaymentState, { status: 'none' }>) => PaymentCommand,
    step = 'event',
  ): Promise<{ paymentId: string | null; ignored?: string }> {
    const state = await this.executor.load<PaymentState, never>(paymentStream(paymentId), paymentDecider);
    if (state.status === 'none') return { paymentId: null, ignored: 'not one of our payments' };
    const rc = RequestContexts.currentOrSystem();
    const ctx: CommandContext = {
      commandId: deriveId('stripe-event', event.id, step),
      correlationId: rc.correlationId,
      causationId: null,
      actor: STRIPE_ACTOR,
      issuedAt: this.clock.now().toISOString(),
    };
    const result = await this.executor.execute(paymentStream(paymentId), paymentDecider, command(state), ctx);
    this.logger.debug(`${event.type} ${event.id} for payment ${paymentId}: ${result.events.map((e) => e.type).join(', ') || 'no change'}`);
    return { paymentId };
  }

  /** metadata.paymentId, or the payment the intent was created for. */
  private async paymentOf(metadata: Stripe.Metadata | null | undefined, intentId: string | null): Promise<string | null> {
    const fromMetadata = metadata?.paymentId;
    if (isUuid(fromMetadata)) return fromMetadata;
    if (!intentId) return null;
    const row = await this.em.fork().findOne(PaymentIntentRow, { intentId });
    return row?.paymentId ?? null;
  }
}
