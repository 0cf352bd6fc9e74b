import { AppConfig } from '../config/config';
import { RetryPolicy } from './payment.decider';

export const retryPolicyOf = (config: AppConfig): RetryPolicy => ({
  maxRetries: config.paymentMaxRetries,
  intervalMs: config.paymentRetryIntervalHours * 3_600_000,
  backoff: config.paymentRetryBackoff,
});

/** "$45.00" — from cents, through the decimal text, never float arithmetic. */
export function formatCad(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.trunc(abs / 100).toLocaleString('en-CA')}.${String(abs % 100).padStart(2, '0')} CAD`;
}

/** The Stripe idempotency key of one charge attempt: a redelivered command repeats, never recharges. */
export const chargeKey = (paymentId: string, attempt: number) => `payment:${paymentId}:attempt:${attempt}`;
export const refundKey = (paymentId: string, refundId: string) => `refund:${paymentId}:${refundId}`;
