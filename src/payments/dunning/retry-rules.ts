/**
 * Declines that no retry can turn into a payment: the card is gone, blocked or not the
 * cardholder's, or the account is closed. Soft declines (insufficient funds, generic, issuer
 * unavailable) are retried.
 */
export const HARD_DECLINES: readonly string[] = [
  'stolen_card',
  'lost_card',
  'pickup_card',
  'fraudulent',
  'restricted_card',
  'invalid_account',
  'account_closed',
  'card_not_supported',
  'currency_not_supported',
  'do_not_try_again',
  'revocation_of_all_authorizations',
  'revocation_of_authorization',
  'security_violation',
  'stop_payment_order',
  'transaction_not_allowed',
  'expired_card',
  'incorrect_number',
  'invalid_number',
  'new_account_information_available',
];

/** Gateway refusals that are about the method itself (also final). */
const HARD_CODES: readonly string[] = [
  'invalid_payment_method',
  'resource_missing',
  'payment_method_unactivated',
  'amount_too_small',
  'idempotency_error',
];

export function isHardDecline(code: string, declineCode: string | null): boolean {
  return HARD_CODES.includes(code) || (declineCode !== null && HARD_DECLINES.includes(declineCode));
}

/** Dunning: how long to wait before each retry, and how many there are. */
export interface PaymentRetryPolicy {
  maxRetries: number;
  /** wait before the first retry */
  intervalMs: number;
  /** whole-number factor on the wait of each further retry (1: a fixed interval) */
  backoff: number;
}

/** The wait before retry number `retry` (1-based): interval × backoff^(retry − 1). */
export function retryDelayMs(policy: PaymentRetryPolicy, retry: number): number {
  return policy.intervalMs * policy.backoff ** (retry - 1);
}
