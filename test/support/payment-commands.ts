import { PaymentCommand, PaymentRetryPolicy, PaymentState } from '../../src/payments/payment.decider';
import { PaymentEvent } from '../../src/payments/payment.events';
import { StripeEvidence } from '../../src/payments/stripe-webhooks/webhook-evidence';

/** The commands and events the payment decider's specs are written in: one payment, P1, of 45 CAD. */
export const id = 'P1';
export const HOUR = 3_600_000;
export const policy: PaymentRetryPolicy = { maxRetries: 4, intervalMs: 48 * HOUR, backoff: 1 };
export const request: PaymentCommand = {
  type: 'RequestPayment',
  paymentId: id,
  studentId: 'S1',
  parentId: 'F1',
  lessonId: null,
  amountCents: 45_00,
  description: 'November lessons',
  paymentMethodId: 'pm_card_visa',
  customerId: 'cus_1',
  instrument: 'piano',
  teacherId: 'T1',
};
const { type: _t, ...requestData } = request as Extract<PaymentCommand, { type: 'RequestPayment' }>;
export const requested: PaymentEvent = { type: 'PaymentRequested', data: { ...requestData, currency: 'CAD' } };

export const succeed = (
  attempt: number,
  source: 'gateway' | 'webhook' = 'gateway',
  stripeEventId?: string,
): PaymentCommand => ({
  type: 'RecordPaymentOutcome',
  paymentId: id,
  attempt,
  outcome: { ok: true, paymentIntentId: `pi_${attempt}` },
  source,
  stripeEventId,
});
export const decline = (
  attempt: number,
  declineCode = 'insufficient_funds',
  source: 'gateway' | 'webhook' = 'gateway',
  stripeEventId?: string,
): PaymentCommand => ({
  type: 'RecordPaymentOutcome',
  paymentId: id,
  attempt,
  outcome: {
    ok: false,
    paymentIntentId: `pi_${attempt}`,
    code: 'card_declined',
    declineCode,
    reason: 'Your card was declined.',
  },
  source,
  stripeEventId,
});
/** A charge of pi_1 (the intent `succeed(1)` records) for the whole payment, as charge.refunded reports it. */
export const chargeOf = (stripeEventId: string, over: Partial<StripeEvidence & { paid: boolean }> = {}) => ({
  stripeEventId,
  eventType: 'charge.refunded',
  paymentIntentId: 'pi_1',
  amountCents: 45_00,
  currency: 'cad',
  attempt: null,
  paid: true,
  ...over,
});
export const scheduleRetry = (failedAttempt: number, at: string): PaymentCommand => ({
  type: 'ScheduleRetry',
  paymentId: id,
  failedAttempt,
  at,
  policy,
});
export const due = (attempt: number, at: string): PaymentCommand => ({
  type: 'RaiseRetryDue',
  paymentId: id,
  attempt,
  at,
});
export const status = (s: PaymentState) => s.status;
