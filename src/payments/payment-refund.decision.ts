import { fromCents } from '../shared/money';
import { assertNever } from '../shared/decider';
import { invalid, rejected } from '../shared/domain-error';
import { PaymentEvent } from './payment.events';
import {
  evolvePayment,
  openPayment,
  PaymentOpen,
  paymentRefunded,
  PaymentState,
  seenStripeEvent,
} from './payment.state';
import { chargeMismatch, StripeEvidence, webhookRejected } from './stripe-webhooks/webhook-evidence';

/** Giving money back: never more than charged, counting refunds in flight; and what Stripe reports as refunded. */
export type RefundCommand =
  /** amountCents null: all that is left of the charge, counting refunds still in flight */
  | { type: 'RequestRefund'; paymentId: string; refundId: string; amountCents: number | null; reason: string | null }
  | {
      type: 'RecordRefundOutcome';
      paymentId: string;
      refundId: string;
      outcome: { ok: true; gatewayRefundId: string } | { ok: false; code: string; reason: string };
    }
  /**
   * charge.refunded: Stripe's running total, for the charge of the intent that paid (a paid charge
   * of a recorded intent records the success first)
   */
  | {
      type: 'RecordStripeRefundTotal';
      paymentId: string;
      amountRefundedCents: number;
      stripeEventId: string;
      charge: StripeEvidence & { paid: boolean };
    };

export function decideRefund(c: RefundCommand, s: PaymentState): PaymentEvent[] {
  switch (c.type) {
    case 'RequestRefund': {
      const p = openPayment(s, c.paymentId);
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
      const p = openPayment(s, c.paymentId);
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
      return [paymentRefunded(p, c.refundId, amount, c.outcome.gatewayRefundId, 'gateway', null)];
    }
    case 'RecordStripeRefundTotal': {
      // Stripe's amount_refunded is the running total: what exceeds ours is new. Our own
      // refunds still waiting for the gateway's answer account for it first, oldest first.
      const p = openPayment(s, c.paymentId);
      if (seenStripeEvent(p, c.stripeEventId)) return [];
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
        state = evolvePayment(state, paid) as PaymentOpen;
      }
      let delta = Math.min(c.amountRefundedCents, p.request.amountCents) - state.refundedCents;
      for (const [refundId, amount] of Object.entries(state.pendingRefunds)) {
        if (amount > delta) break;
        const e = paymentRefunded(state, refundId, amount, null, 'webhook', c.stripeEventId);
        events.push(e);
        state = evolvePayment(state, e) as PaymentOpen;
        delta -= amount;
      }
      if (delta > 0)
        events.push(paymentRefunded(state, `stripe:${c.stripeEventId}`, delta, null, 'webhook', c.stripeEventId));
      return events;
    }
    default:
      return assertNever(c);
  }
}
