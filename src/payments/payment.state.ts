import { assertNever } from '../shared/decider';
import { notFound } from '../shared/domain-error';
import { OutcomeSource, PaymentEvent, PaymentRequested } from './payment.events';

/** What the payment decider knows of one payment (payment.decider.ts), folded from its events. */
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

export const openPayment = (s: PaymentState, paymentId: string): PaymentOpen => {
  if (s.status === 'none') throw notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
  return s;
};
export const seenStripeEvent = (s: PaymentOpen, stripeEventId?: string) =>
  stripeEventId !== undefined && s.stripeEvents.includes(stripeEventId);

export function paymentRefunded(
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

export function evolvePayment(s: PaymentState, e: PaymentEvent): PaymentState {
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
