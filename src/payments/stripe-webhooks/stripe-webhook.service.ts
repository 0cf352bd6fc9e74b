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
import { PaymentWebhookRejected, paymentStream } from '../payment.events';
import { StripeEvidence } from './webhook-evidence';
import { attemptOf, checkEventShape } from './webhook-event';
import { keepAtMost } from '../../shared/kept-at-most';

export const STRIPE_ACTOR: Actor = { id: 'stripe', role: 'stripe' };
/** Stripe's own default: a signature older than five minutes is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * rejected: a signed event that named one of our payments without proving what it would settle (recorded on
 * the payment)
 */
export type WebhookResult = { received: true; duplicate?: true; ignored?: string; rejected?: string };
type Applied = { paymentId: string | null; ignored?: string; rejected?: string };

/** Recently handled Stripe event ids kept in memory: Stripe's retries mostly come soon after. */
const RECENT_EVENTS = 10_000;

/**
 * Stripe's webhooks: verified over the raw body, checked for shape, each event id handled once,
 * turned into the same commands as our own gateway results (whichever is stored first wins, the
 * other changes nothing). The payment decider accepts them only for the intent recorded for the
 * attempt, with the payment's amount and currency; otherwise it records PaymentWebhookRejected.
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
    if (!this.config.stripeWebhookSecret)
      throw new ServiceUnavailableException('webhooks are not configured (STRIPE_WEBHOOK_SECRET)');
    if (!signature) throw new BadRequestException('the Stripe-Signature header is missing');
    if (!rawBody?.length) throw new BadRequestException('the webhook body is empty');
    let event: unknown;
    try {
      // receivedAt (milliseconds) from our clock: the age check uses the same time as everything else.
      event = Stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.config.stripeWebhookSecret,
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        this.clock.now().getTime(),
      );
    } catch (err) {
      // The SDK's own words stay in the log: they describe its internals, not the request.
      this.logger.debug(`webhook refused: ${(err as Error).message}`);
      if (err instanceof SyntaxError) throw new BadRequestException('the webhook body is not valid JSON');
      if (/tolerance/i.test((err as Error).message))
        throw new BadRequestException('the Stripe signature is older than 5 minutes');
      throw new BadRequestException('the Stripe signature does not verify for this body');
    }
    return checkEventShape(event);
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
    await em.execute(
      'INSERT INTO stripe_webhook_events (event_id, type, payment_id, received_at) VALUES (?, ?, ?, ?) ON ' +
        'CONFLICT (event_id) DO NOTHING',
      [event.id, event.type, result.paymentId, this.clock.now()],
    );
    this.remember(event.id);
    if (result.rejected) return { received: true, rejected: result.rejected };
    return result.ignored ? { received: true, ignored: result.ignored } : { received: true };
  }

  /** Only after the event is recorded as handled: a failed attempt must be redelivered in full. */
  private remember(eventId: string): void {
    this.recent.add(eventId);
    keepAtMost(this.recent, RECENT_EVENTS);
  }

  private async apply(event: Stripe.Event): Promise<Applied> {
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        const paymentId = await this.paymentOf(intent.metadata, intent.id);
        if (!paymentId) return { paymentId: null, ignored: 'not one of our payments' };
        const error = intent.last_payment_error;
        return this.record(paymentId, event, {
          type: 'RecordStripeIntentOutcome',
          paymentId,
          evidence: {
            ...this.evidence(event, intent.id, intent.amount, intent.currency),
            attempt: attemptOf(intent.metadata),
          },
          outcome:
            event.type === 'payment_intent.succeeded'
              ? { ok: true }
              : {
                  ok: false,
                  code: error?.code ?? 'card_declined',
                  declineCode: error?.decline_code ?? null,
                  reason: error?.message ?? 'the payment failed',
                },
        });
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const intentId =
          typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
        const paymentId = await this.paymentOf(charge.metadata, intentId);
        if (!paymentId) return { paymentId: null, ignored: 'not one of our payments' };
        return this.record(paymentId, event, {
          type: 'RecordStripeRefundTotal',
          paymentId,
          amountRefundedCents: charge.amount_refunded,
          stripeEventId: event.id,
          charge: {
            ...this.evidence(event, intentId, charge.amount, charge.currency),
            attempt: attemptOf(charge.metadata),
            paid: charge.paid === true,
          },
        });
      }
      default:
        return { paymentId: null, ignored: `${event.type} is not handled` };
    }
  }

  private evidence(
    event: Stripe.Event,
    paymentIntentId: string | null,
    amountCents: number,
    currency: string,
  ): Omit<StripeEvidence, 'attempt'> {
    return { stripeEventId: event.id, eventType: event.type, paymentIntentId, amountCents, currency };
  }

  private async record(paymentId: string, event: Stripe.Event, command: PaymentCommand): Promise<Applied> {
    const state = await this.executor.load<PaymentState, never>(paymentStream(paymentId), paymentDecider);
    if (state.status === 'none') return { paymentId: null, ignored: 'not one of our payments' };
    const rc = RequestContexts.currentOrSystem();
    const ctx: CommandContext = {
      commandId: deriveId('stripe-event', event.id, 'event'),
      correlationId: rc.correlationId,
      causationId: null,
      actor: STRIPE_ACTOR,
      issuedAt: this.clock.now().toISOString(),
    };
    const result = await this.executor.execute(paymentStream(paymentId), paymentDecider, command, ctx);
    this.logger.debug(
      `${event.type} ${event.id} for ` +
        `payment ${paymentId}: ${result.events.map((e) => e.type).join(', ') || 'no change'}`,
    );
    const rejected = result.events.find((e): e is PaymentWebhookRejected => e.type === 'PaymentWebhookRejected');
    if (rejected) {
      this.logger.warn(`${event.type} ${event.id} rejected for payment ${paymentId}: ${rejected.data.reason}`);
      return { paymentId, rejected: rejected.data.reason };
    }
    return { paymentId };
  }

  /** metadata.paymentId, or the payment the intent was created for. */
  private async paymentOf(
    metadata: Stripe.Metadata | null | undefined,
    intentId: string | null,
  ): Promise<string | null> {
    const fromMetadata = metadata?.paymentId;
    if (isUuid(fromMetadata)) return fromMetadata;
    if (!intentId) return null;
    const row = await this.em.fork().findOne(PaymentIntentRow, { intentId });
    return row?.paymentId ?? null;
  }
}
