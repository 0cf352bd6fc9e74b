import type { PaymentOpen } from '../payment.decider';
import type { PaymentWebhookRejected } from '../payment.events';

/** What a signed Stripe event claims about the intent or charge it reports. */
export interface StripeEvidence {
  stripeEventId: string;
  eventType: string;
  /** the intent (for a charge: the intent it belongs to) */
  paymentIntentId: string | null;
  amountCents: number;
  currency: string;
  /** metadata.attempt, when the event carries a valid one */
  attempt: number | null;
}

const intentProblem = (p: PaymentOpen, e: StripeEvidence): string | null => {
  if (!e.paymentIntentId) return 'the event names no payment intent';
  const attempt = p.intents[e.paymentIntentId];
  if (attempt === undefined) return `payment intent ${e.paymentIntentId} was never recorded for this payment`;
  if (e.attempt !== null && e.attempt !== attempt)
    return `payment intent ${e.paymentIntentId} was recorded for attempt ${attempt}, not attempt ${e.attempt}`;
  return null;
};

const amountProblem = (p: PaymentOpen, e: StripeEvidence): string | null => {
  if (e.currency.toUpperCase() !== p.request.currency)
    return `currency ${e.currency} is not the payment's ${p.request.currency}`;
  if (e.amountCents !== p.request.amountCents)
    return `amount ${e.amountCents} cents is not the payment's ${p.request.amountCents} cents`;
  return null;
};

/**
 * Why a payment_intent event cannot settle this payment, or null when it proves what it says:
 * the intent we recorded for that attempt, for the payment's amount and currency.
 */
export function intentMismatch(p: PaymentOpen, e: StripeEvidence): string | null {
  return intentProblem(p, e) ?? amountProblem(p, e);
}

/**
 * Why a charge event cannot touch this payment's refunds: once paid, only the charge of the
 * intent that paid counts; before, the charge of an intent recorded for it.
 */
export function chargeMismatch(p: PaymentOpen, e: StripeEvidence): string | null {
  const paid = p.status === 'succeeded' || p.status === 'refunded';
  if (paid && e.paymentIntentId !== p.paymentIntentId) {
    return e.paymentIntentId
      ? `the charge is of payment intent ${e.paymentIntentId}, not of ${p.paymentIntentId}, which paid`
      : 'the charge names no payment intent';
  }
  return intentProblem(p, e) ?? amountProblem(p, e);
}

export function webhookRejected(p: PaymentOpen, e: StripeEvidence, reason: string): PaymentWebhookRejected {
  return {
    type: 'PaymentWebhookRejected',
    data: {
      paymentId: p.request.paymentId,
      stripeEventId: e.stripeEventId,
      eventType: e.eventType,
      paymentIntentId: e.paymentIntentId,
      amountCents: e.amountCents,
      currency: e.currency,
      reason,
    },
  };
}
