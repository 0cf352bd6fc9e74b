import { assertNever } from '../shared/decider';
import { invalid } from '../shared/domain-error';
import { isHardDecline } from './dunning/retry-rules';
import { OutcomeSource, PaymentEvent, PaymentRequested } from './payment.events';
import { AttemptOutcome, openPayment, PaymentState, seenStripeEvent } from './payment.state';
import { intentMismatch, StripeEvidence, webhookRejected } from './stripe-webhooks/webhook-evidence';

/** One payment: > 0 and at most 500 CAD. */
export const PAYMENT_LIMIT_CENTS = 500_00;

/** Requesting a payment, recording how its attempts went (ours or Stripe's webhook), and its receipt. */
export type ChargeCommand =
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
  /**
   * a Stripe payment_intent event: it settles only the intent recorded for its attempt, for the
   * payment's amount and currency
   */
  | {
      type: 'RecordStripeIntentOutcome';
      paymentId: string;
      evidence: StripeEvidence;
      outcome: { ok: true } | { ok: false; code: string; declineCode: string | null; reason: string };
    }
  | { type: 'RecordReceipt'; paymentId: string };

export function decideCharge(c: ChargeCommand, s: PaymentState): PaymentEvent[] {
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
      const p = openPayment(s, c.paymentId);
      if (seenStripeEvent(p, c.stripeEventId)) return [];
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
      const p = openPayment(s, c.paymentId);
      if (p.intents[c.paymentIntentId] !== undefined) return [];
      const { type: _type, ...data } = c;
      return [{ type: 'PaymentIntentPending', data }];
    }
    case 'RecordStripeIntentOutcome': {
      const p = openPayment(s, c.paymentId);
      const e = c.evidence;
      if (seenStripeEvent(p, e.stripeEventId)) return [];
      const mismatch = intentMismatch(p, e);
      if (mismatch) return [webhookRejected(p, e, mismatch)];
      const paymentIntentId = e.paymentIntentId!;
      const outcome: AttemptOutcome = c.outcome.ok ? { ok: true, paymentIntentId } : { ...c.outcome, paymentIntentId };
      return decideCharge(
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
    case 'RecordReceipt': {
      const p = openPayment(s, c.paymentId);
      return p.receiptSent || p.status === 'pending' || p.status === 'failed'
        ? []
        : [{ type: 'ReceiptSent', data: { paymentId: c.paymentId } }];
    }
    default:
      return assertNever(c);
  }
}
