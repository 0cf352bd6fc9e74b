/** The Stripe idempotency key of one charge attempt: a redelivered command repeats, never recharges. */
export const chargeKey = (paymentId: string, attempt: number) => `payment:${paymentId}:attempt:${attempt}`;
export const refundKey = (paymentId: string, refundId: string) => `refund:${paymentId}:${refundId}`;
