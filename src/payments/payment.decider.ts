import { fromCents } from '../shared/money';
import { assertNever, Decider } from '../shared/decider';
import { invalid, notFound, rejected } from '../shared/domain-error';
import { isHardDecline, retryDelayMs, PaymentRetryPolicy } from './dunning/retry-rules';
import { OutcomeSource, PaymentEvent, PaymentRequested } from './payment.events';
import { chargeMismatch, intentMismatch, StripeEvidence, webhookRejected } from './stripe-webhooks/webhook-evidence';

/** One payment: > 0 and at most 500 CAD. */
export const PAYMENT_LIMIT_CENTS = 500_00;

export { HARD_DECLINES, isHardDecline, retryDelayMs } from './dunning/retry-rules';
export type { PaymentRetryPolicy } from './dunning/retry-rules';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

export interface PaymentOpen {
  status: PaymentStatus;
  request: PaymentRequested['data'];
  /** the attempt being made or last made (1 = the first charge) */
  attempt: number;
  outcomes: Record<number, 'succeeded' | 'failed'>;
  lastFailure: { attempt: number; hardDecline: boolean; reason: string } | null;
  retry: { attempt: number; dueAt: string; due: boolean } | null;
  paymentIntentId: string | null;
  /** every gateway intent recorded for this payment, with the attempt it was made for */
  intents: Record<string, number>;
  refundedCents: number;
  pendingRefunds: Record<string, number>;
  settledRefunds: string[];
  /** refunds the gateway refused (a subset of settledRefunds) */
  failedRefunds: string[];
  /** every refund's amount, by refund id */
  refundAmounts: Record<string, number>;
  receiptSent: boolean;
  stripeEvents: string[];
}

export type PaymentState = { status: 'none' } | PaymentOpen;

export type AttemptOutcome =
  | { ok: true; paymentIntentId: string }
  | { ok: false; paymentIntentId: string | null; code: string; declineCode: string | null; reason: string };

export type PaymentCommand =
  | ({ type: 'RequestPayment' } & Omit<PaymentRequested['data'], 'currency'>)
  | {
      type: 'RecordPaymentOutcome';
      paymentId: string;
      attempt: number;
      outcome: AttemptOutcome;
      source: OutcomeSource;
      stripeEventId?: string;
    }
  | { type: 'RecordPendingIntent'; paymentId: string; attempt: number; paymentIntentId: string; status: string }
  /** a Stripe payment_intent event: it settles only the intent recorded for its attempt, for the payment's amount and currency */
  | {
      type: 'RecordStripeIntentOutcome';
      paymentId: string;
      evidence: StripeEvidence;
      outcome: { ok: true } | { ok: false; code: string; declineCode: string | null; reason: string };
    }
  | { type: 'ScheduleRetry'; paymentId: string; failedAttempt: number; at: string; policy: PaymentRetryPolicy }
  | { type: 'RaiseRetryDue'; paymentId: string; attempt: number; at: string }
  | { type: 'RecordReceipt'; paymentId: string }
  /** amountCents null: all that is left of the charge, counting refunds still in flight */
  | { type: 'RequestRefund'; paymentId: string; refundId: string; amountCents: number | null; reason: string | null }
  | {
      type: 'RecordRefundOutcome';
      paymentId: string;
      refundId: string;
      outcome: { ok: true; gatewayRefundId: string } | { ok: false; code: string; reason: string };
    }
  /** charge.refunded: Stripe's running total, for the charge of the intent that paid (a paid charge of a recorded intent records the success first) */
  | {
      type: 'RecordStripeRefundTotal';
      paymentId: string;
      amountRefundedCents: number;
      stripeEventId: string;
      charge: StripeEvidence & { paid: boolean };
    };

const open = (s: PaymentState, paymentId: string): PaymentOpen => {
  if (s.status === 'none') throw notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
  return s;
};
const seen = (s: PaymentOpen, stripeEventId?: string) =>
  stripeEventId !== undefined && s.stripeEvents.includes(stripeEventId);

function decide(c: PaymentCommand, s: PaymentState): PaymentEvent[] {
  switch (c.type) {
    case 'RequestPayment': {
      if (s.status !== 'none') return [];
      if (!Number.isInteger(c.amountCents) || c.amountCents <= 0 || c.amountCents > PAYMENT_LIMIT_CENTS) {
        throw invalid(
          'PAYMENT_AMOUNT_OUT_OF_RANGE',
          'amount must be greater than 0 and at most 500 CAD, with at most 2 decimals',
        );
      }
      const { type: _type, ...data } = c;
      return [{ type: 'PaymentRequested', data: { ...data, currency: 'CAD' } }];
    }
    case 'RecordPaymentOutcome': {
      const p = open(s, c.paymentId);
      if (seen(p, c.stripeEventId)) return [];
      const stripeEventId = c.stripeEventId ?? null;
      if (c.outcome.ok) {
        // Money moved: recorded even after we gave up on the payment; never twice.
        if (p.status === 'succeeded' || p.status === 'refunded') return [];
        return [
          {
            type: 'PaymentSucceeded',
            data: {
              paymentId: c.paymentId,
              attempt: c.attempt,
              paymentIntentId: c.outcome.paymentIntentId,
              amountCents: p.request.amountCents,
              source: c.source,
              stripeEventId,
            },
          },
        ];
      }
      // A failure counts only for the attempt we are waiting on, once; a late one changes nothing.
      if (p.status !== 'pending' || c.attempt !== p.attempt || p.outcomes[c.attempt]) return [];
      const { code, declineCode, reason, paymentIntentId } = c.outcome;
      return [
        {
          type: 'PaymentFailed',
          data: {
            paymentId: c.paymentId,
            attempt: c.attempt,
            paymentIntentId,
            code,
            declineCode,
            reason,
            hardDecline: isHardDecline(code, declineCode),
            source: c.source,
            stripeEventId,
          },
        },
      ];
    }
    case 'RecordPendingIntent': {
      const p = open(s, c.paymentId);
      if (p.intents[c.paymentIntentId] !== undefined) return [];
      const { type: _type, ...data } = c;
      return [{ type: 'PaymentIntentPending', data }];
    }
    case 'RecordStripeIntentOutcome': {
      const p = open(s, c.paymentId);
      const e = c.evidence;
      if (seen(p, e.stripeEventId)) return [];
      const mismatch = intentMismatch(p, e);
      if (mismatch) return [webhookRejected(p, e, mismatch)];
      const paymentIntentId = e.paymentIntentId!;
      const outcome: AttemptOutcome = c.outcome.ok ? { ok: true, paymentIntentId } : { ...c.outcome, paymentIntentId };
      return decide(
        {
          type: 'RecordPaymentOutcome',
          paymentId: c.paymentId,
          attempt: p.intents[paymentIntentId],
          outcome,
          source: 'webhook',
          stripeEventId: e.stripeEventId,
        },
        s,
      );
    }
    case 'ScheduleRetry': {
      const p = open(s, c.paymentId);
      if (
        p.status !== 'pending' ||
        !p.lastFailure ||
        p.lastFailure.attempt !== c.failedAttempt ||
        p.attempt !== c.failedAttempt
      )
        return [];
      if (p.retry && p.retry.attempt > c.failedAttempt) return [];
      const retriesMade = c.failedAttempt - 1;
      if (p.lastFailure.hardDecline || retriesMade >= c.policy.maxRetries) {
        const why = p.lastFailure.hardDecline
          ? 'the card was declined in a way a retry cannot fix'
          : `declined ${c.failedAttempt} times`;
        return [
          {
            type: 'PaymentFinallyFailed',
            data: { paymentId: c.paymentId, attempts: c.failedAttempt, reason: `${why}: ${p.lastFailure.reason}` },
          },
        ];
      }
      const dueAt = new Date(Date.parse(c.at) + retryDelayMs(c.policy, retriesMade + 1)).toISOString();
      return [{ type: 'PaymentRetryScheduled', data: { paymentId: c.paymentId, attempt: c.failedAttempt + 1, dueAt } }];
    }
    case 'RaiseRetryDue': {
      const p = open(s, c.paymentId);
      if (p.status !== 'pending' || !p.retry || p.retry.due || p.retry.attempt !== c.attempt || p.retry.dueAt > c.at)
        return [];
      return [{ type: 'PaymentRetryDue', data: { paymentId: c.paymentId, attempt: c.attempt } }];
    }
    case 'RecordReceipt': {
      const p = open(s, c.paymentId);
      return p.receiptSent || p.status === 'pending' || p.status === 'failed'
        ? []
        : [{ type: 'ReceiptSent', data: { paymentId: c.paymentId } }];
    }
    case 'RequestRefund': {
      const p = open(s, c.paymentId);
      if (p.pendingRefunds[c.refundId] !== undefined || p.settledRefunds.includes(c.refundId)) return [];
      if (p.status !== 'succeeded')
        throw rejected('PAYMENT_NOT_REFUNDABLE', `only a succeeded payment can be refunded (this one is ${p.status})`);
      const reserved = Object.values(p.pendingRefunds).reduce((a, b) => a + b, 0);
      const refundable = p.request.amountCents - p.refundedCents - reserved;
      const amountCents = c.amountCents ?? refundable;
      if (!Number.isInteger(amountCents) || amountCents <= 0)
        throw invalid('REFUND_AMOUNT_INVALID', 'amount must be greater than 0, with at most 2 decimals');
      if (amountCents > refundable) {
        // The API speaks dollars: so does the message, and the detail beside it.
        throw rejected(
          'REFUND_EXCEEDS_CHARGE',
          `a refund cannot exceed what is left of the charge (${fromCents(refundable).toFixed(2)} CAD refundable)`,
          {
            refundable: fromCents(refundable),
          },
        );
      }
      return [
        {
          type: 'RefundRequested',
          data: { paymentId: c.paymentId, refundId: c.refundId, amountCents, reason: c.reason },
        },
      ];
    }
    case 'RecordRefundOutcome': {
      const p = open(s, c.paymentId);
      const amount = p.pendingRefunds[c.refundId];
      if (amount === undefined) return [];
      if (!c.outcome.ok) {
        return [
          {
            type: 'RefundFailed',
            data: {
              paymentId: c.paymentId,
              refundId: c.refundId,
              amountCents: amount,
              code: c.outcome.code,
              reason: c.outcome.reason,
            },
          },
        ];
      }
      return [refunded(p, c.refundId, amount, c.outcome.gatewayRefundId, 'gateway', null)];
    }
    case 'RecordStripeRefundTotal': {
      // Stripe's amount_refunded is the running total: what exceeds ours is new. Our own
      // refunds still waiting for the gateway's answer account for it first, oldest first.
      const p = open(s, c.paymentId);
      if (seen(p, c.stripeEventId)) return [];
      const mismatch = chargeMismatch(p, c.charge);
      if (mismatch) return [webhookRejected(p, c.charge, mismatch)];
      const events: PaymentEvent[] = [];
      let state: PaymentOpen = p;
      if (p.status !== 'succeeded' && p.status !== 'refunded') {
        // A refunded charge was paid: when its success has not reached us yet, it is recorded first.
        if (!c.charge.paid) return [];
        const intentId = c.charge.paymentIntentId!;
        const paid: PaymentEvent = {
          type: 'PaymentSucceeded',
          data: {
            paymentId: c.paymentId,
            attempt: p.intents[intentId],
            paymentIntentId: intentId,
            amountCents: p.request.amountCents,
            source: 'webhook',
            stripeEventId: null,
          },
        };
        events.push(paid);
        state = evolve(state, paid) as PaymentOpen;
      }
      let delta = Math.min(c.amountRefundedCents, p.request.amountCents) - state.refundedCents;
      for (const [refundId, amount] of Object.entries(state.pendingRefunds)) {
        if (amount > delta) break;
        const e = refunded(state, refundId, amount, null, 'webhook', c.stripeEventId);
        events.push(e);
        state = evolve(state, e) as PaymentOpen;
        delta -= amount;
      }
      if (delta > 0) events.push(refunded(state, `stripe:${c.stripeEventId}`, delta, null, 'webhook', c.stripeEventId));
      return events;
    }
    default:
      return assertNever(c);
  }
}

function refunded(
  p: PaymentOpen,
  refundId: string,
  amountCents: number,
  gatewayRefundId: string | null,
  source: OutcomeSource,
  stripeEventId: string | null,
): PaymentEvent {
  return {
    type: 'PaymentRefunded',
    data: {
      paymentId: p.request.paymentId,
      refundId,
      amountCents,
      gatewayRefundId,
      fullyRefunded: p.refundedCents + amountCents >= p.request.amountCents,
      source,
      stripeEventId,
    },
  };
}

function withStripeEvent(p: PaymentOpen, id: string | null | undefined): string[] {
  return id ? [...p.stripeEvents, id] : p.stripeEvents;
}

/** The first attempt an intent was recorded for stays its attempt. */
function withIntent(p: PaymentOpen, intentId: string | null, attempt: number): Record<string, number> {
  return intentId && p.intents[intentId] === undefined ? { ...p.intents, [intentId]: attempt } : p.intents;
}

function evolve(s: PaymentState, e: PaymentEvent): PaymentState {
  if (e.type === 'PaymentRequested') {
    return {
      status: 'pending',
      request: e.data,
      attempt: 1,
      outcomes: {},
      lastFailure: null,
      retry: null,
      paymentIntentId: null,
      intents: {},
      refundedCents: 0,
      pendingRefunds: {},
      settledRefunds: [],
      failedRefunds: [],
      refundAmounts: {},
      receiptSent: false,
      stripeEvents: [],
    };
  }
  if (s.status === 'none') return s;
  switch (e.type) {
    case 'PaymentSucceeded':
      return {
        ...s,
        status: 'succeeded',
        outcomes: { ...s.outcomes, [e.data.attempt]: 'succeeded' },
        paymentIntentId: e.data.paymentIntentId,
        intents: withIntent(s, e.data.paymentIntentId, e.data.attempt),
        retry: null,
        stripeEvents: withStripeEvent(s, e.data.stripeEventId),
      };
    case 'PaymentFailed':
      return {
        ...s,
        outcomes: { ...s.outcomes, [e.data.attempt]: 'failed' },
        lastFailure: { attempt: e.data.attempt, hardDecline: e.data.hardDecline, reason: e.data.reason },
        paymentIntentId: e.data.paymentIntentId ?? s.paymentIntentId,
        intents: withIntent(s, e.data.paymentIntentId, e.data.attempt),
        stripeEvents: withStripeEvent(s, e.data.stripeEventId),
      };
    case 'PaymentIntentPending':
      return { ...s, intents: withIntent(s, e.data.paymentIntentId, e.data.attempt) };
    case 'PaymentWebhookRejected':
      return { ...s, stripeEvents: withStripeEvent(s, e.data.stripeEventId) };
    case 'PaymentRetryScheduled':
      return { ...s, retry: { attempt: e.data.attempt, dueAt: e.data.dueAt, due: false } };
    case 'PaymentRetryDue':
      return { ...s, attempt: e.data.attempt, retry: s.retry ? { ...s.retry, due: true } : null };
    case 'PaymentFinallyFailed':
      return { ...s, status: s.status === 'pending' ? 'failed' : s.status, retry: null };
    case 'ReceiptSent':
      return { ...s, receiptSent: true };
    case 'RefundRequested':
      return {
        ...s,
        pendingRefunds: { ...s.pendingRefunds, [e.data.refundId]: e.data.amountCents },
        refundAmounts: { ...s.refundAmounts, [e.data.refundId]: e.data.amountCents },
      };
    case 'PaymentRefunded': {
      const { [e.data.refundId]: _done, ...pending } = s.pendingRefunds;
      const refundedCents = s.refundedCents + e.data.amountCents;
      return {
        ...s,
        status: refundedCents >= s.request.amountCents ? 'refunded' : s.status,
        refundedCents,
        pendingRefunds: pending,
        settledRefunds: [...s.settledRefunds, e.data.refundId],
        refundAmounts: { ...s.refundAmounts, [e.data.refundId]: e.data.amountCents },
        stripeEvents: withStripeEvent(s, e.data.stripeEventId),
      };
    }
    case 'RefundFailed': {
      const { [e.data.refundId]: _failed, ...pending } = s.pendingRefunds;
      return {
        ...s,
        pendingRefunds: pending,
        settledRefunds: [...s.settledRefunds, e.data.refundId],
        failedRefunds: [...s.failedRefunds, e.data.refundId],
      };
    }
    default:
      return assertNever(e);
  }
}

export const paymentDecider: Decider<PaymentCommand, PaymentState, PaymentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
