import { AppConfig } from '../../config/config';
import { PaymentRetryPolicy } from './retry-rules';

/** The dunning schedule as configured (PAYMENT_MAX_RETRIES, …_INTERVAL_HOURS, …_BACKOFF). */
export const retryPolicyOf = (config: AppConfig): PaymentRetryPolicy => ({
  maxRetries: config.paymentMaxRetries,
  intervalMs: config.paymentRetryIntervalHours * 3_600_000,
  backoff: config.paymentRetryBackoff,
});
