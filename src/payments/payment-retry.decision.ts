import { assertNever } from '../shared/decider';
import { PaymentRetryPolicy, retryDelayMs } from './dunning/retry-rules';
import { PaymentEvent } from './payment.events';
import { openPayment, PaymentState } from './payment.state';

/** After a decline: the next attempt on the retry schedule, or giving up; and raising a retry when it falls due. */
export type RetryCommand =
  | { type: 'ScheduleRetry'; paymentId: string; failedAttempt: number; at: string; policy: PaymentRetryPolicy }
  | { type: 'RaiseRetryDue'; paymentId: string; attempt: number; at: string };

export function decideRetry(c: RetryCommand, s: PaymentState): PaymentEvent[] {
  switch (c.type) {
    case 'ScheduleRetry': {
      const p = openPayment(s, c.paymentId);
      if (
        p.status !== 'pending' ||
        !p.lastFailure ||
        p.lastFailure.attempt !== c.failedAttempt ||
        p.attempt !== c.failedAttempt
      )
        return [];
      if (p.retry && p.retry.attempt > c.failedAttempt) return [];
      const retriesMade = c.failedAttempt - 1;
      if (p.lastFailure.hardDecline || retriesMade >= c.policy.maxRetries) {
        const why = p.lastFailure.hardDecline
          ? 'the card was declined in a way a retry cannot fix'
          : `declined ${c.failedAttempt} times`;
        return [
          {
            type: 'PaymentFinallyFailed',
            data: { paymentId: c.paymentId, attempts: c.failedAttempt, reason: `${why}: ${p.lastFailure.reason}` },
          },
        ];
      }
      const dueAt = new Date(Date.parse(c.at) + retryDelayMs(c.policy, retriesMade + 1)).toISOString();
      return [{ type: 'PaymentRetryScheduled', data: { paymentId: c.paymentId, attempt: c.failedAttempt + 1, dueAt } }];
    }
    case 'RaiseRetryDue': {
      const p = openPayment(s, c.paymentId);
      if (p.status !== 'pending' || !p.retry || p.retry.due || p.retry.attempt !== c.attempt || p.retry.dueAt > c.at)
        return [];
      return [{ type: 'PaymentRetryDue', data: { paymentId: c.paymentId, attempt: c.attempt } }];
    }
    default:
      return assertNever(c);
  }
}
