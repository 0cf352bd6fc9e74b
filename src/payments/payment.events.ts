/** Where an outcome came from: our own call to the gateway, or Stripe's webhook. */
export type OutcomeSource = 'gateway' | 'webhook';

export type PaymentRequested = {
  type: 'PaymentRequested';
  data: {
    paymentId: string;
    studentId: string;
    /** the family (its parent account) */
    parentId: string;
    lessonId: string | null;
    amountCents: number;
    currency: 'CAD';
    description: string;
    paymentMethodId: string;
    /** the family's Stripe customer when its saved method is charged */
    customerId: string | null;
    /** kept for revenue by instrument and by teacher as they were when charged */
    instrument: string;
    teacherId: string | null;
  };
};
export type PaymentSucceeded = {
  type: 'PaymentSucceeded';
  data: {
    paymentId: string;
    attempt: number;
    paymentIntentId: string;
    amountCents: number;
    source: OutcomeSource;
    stripeEventId: string | null;
  };
};
export type PaymentFailed = {
  type: 'PaymentFailed';
  data: {
    paymentId: string;
    attempt: number;
    paymentIntentId: string | null;
    code: string;
    declineCode: string | null;
    reason: string;
    /** a decline that retrying cannot fix (stolen card, closed account, …) */
    hardDecline: boolean;
    source: OutcomeSource;
    stripeEventId: string | null;
  };
};
/** The gateway's intent for an attempt is still settling (3-D Secure, a bank debit): its webhook brings the outcome. */
export type PaymentIntentPending = {
  type: 'PaymentIntentPending';
  data: { paymentId: string; attempt: number; paymentIntentId: string; status: string };
};
/**
 * A correctly signed Stripe event named this payment but did not prove what it would settle: an
 * intent never recorded for the payment (or for that attempt), another amount or currency. It
 * changed nothing; the office sees it on the payment.
 */
export type PaymentWebhookRejected = {
  type: 'PaymentWebhookRejected';
  data: {
    paymentId: string;
    stripeEventId: string;
    eventType: string;
    paymentIntentId: string | null;
    /** what the event claimed */
    amountCents: number;
    currency: string;
    reason: string;
  };
};
export type PaymentRetryScheduled = {
  type: 'PaymentRetryScheduled';
  data: { paymentId: string; attempt: number; dueAt: string };
};
export type PaymentRetryDue = { type: 'PaymentRetryDue'; data: { paymentId: string; attempt: number } };
export type PaymentFinallyFailed = {
  type: 'PaymentFinallyFailed';
  data: { paymentId: string; attempts: number; reason: string };
};
export type ReceiptSent = { type: 'ReceiptSent'; data: { paymentId: string } };
export type RefundRequested = {
  type: 'RefundRequested';
  data: { paymentId: string; refundId: string; amountCents: number; reason: string | null };
};
export type PaymentRefunded = {
  type: 'PaymentRefunded';
  data: {
    paymentId: string;
    refundId: string;
    amountCents: number;
    /** the provider's refund id (null when only Stripe's running total told us) */
    gatewayRefundId: string | null;
    /** every cent charged has been given back */
    fullyRefunded: boolean;
    source: OutcomeSource;
    stripeEventId: string | null;
  };
};
export type RefundFailed = {
  type: 'RefundFailed';
  data: { paymentId: string; refundId: string; amountCents: number; code: string; reason: string };
};

export type PaymentEvent =
  | PaymentRequested
  | PaymentSucceeded
  | PaymentFailed
  | PaymentIntentPending
  | PaymentWebhookRejected
  | PaymentRetryScheduled
  | PaymentRetryDue
  | PaymentFinallyFailed
  | ReceiptSent
  | RefundRequested
  | PaymentRefunded
  | RefundFailed;

export const PAYMENT_EVENT_TYPES: readonly PaymentEvent['type'][] = [
  'PaymentRequested',
  'PaymentSucceeded',
  'PaymentFailed',
  'PaymentIntentPending',
  'PaymentWebhookRejected',
  'PaymentRetryScheduled',
  'PaymentRetryDue',
  'PaymentFinallyFailed',
  'ReceiptSent',
  'RefundRequested',
  'PaymentRefunded',
  'RefundFailed',
];

export const paymentStream = (paymentId: string) => `payment-${paymentId}`;

/** The family's account: what was posted to its ledger (UpdateAccounting). */
export type ChargePosted = {
  type: 'ChargePosted';
  data: {
    parentId: string;
    paymentId: string;
    studentId: string;
    amountCents: number;
    instrument: string;
    teacherId: string | null;
    balanceCents: number;
  };
};
export type RefundPosted = {
  type: 'RefundPosted';
  data: {
    parentId: string;
    paymentId: string;
    refundId: string;
    studentId: string;
    amountCents: number;
    instrument: string;
    teacherId: string | null;
    balanceCents: number;
  };
};
export type AccountEvent = ChargePosted | RefundPosted;

export const accountStream = (parentId: string) => `family-account-${parentId}`;
