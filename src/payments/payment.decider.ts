import { assertNever, Decider } from '../shared/decider';
import { PaymentEvent } from './payment.events';
import { ChargeCommand, decideCharge } from './payment-charge.decision';
import { decideRefund, RefundCommand } from './payment-refund.decision';
import { decideRetry, RetryCommand } from './payment-retry.decision';
import { evolvePayment, PaymentState } from './payment.state';

/**
 * One payment, from its request to its last refund. The rules sit by use case: charging
 * (payment-charge.decision.ts), retrying after a decline (payment-retry.decision.ts) and refunding
 * (payment-refund.decision.ts), over the state of payment.state.ts.
 */
export type PaymentCommand = ChargeCommand | RetryCommand | RefundCommand;

export { PAYMENT_LIMIT_CENTS } from './payment-charge.decision';
export { HARD_DECLINES, isHardDecline, retryDelayMs } from './dunning/retry-rules';
export type { PaymentRetryPolicy } from './dunning/retry-rules';
export type { AttemptOutcome, PaymentOpen, PaymentState, PaymentStatus } from './payment.state';

function decide(c: PaymentCommand, s: PaymentState): PaymentEvent[] {
  switch (c.type) {
    case 'RequestPayment':
    case 'RecordPaymentOutcome':
    case 'RecordPendingIntent':
    case 'RecordStripeIntentOutcome':
    case 'RecordReceipt':
      return decideCharge(c, s);
    case 'ScheduleRetry':
    case 'RaiseRetryDue':
      return decideRetry(c, s);
    case 'RequestRefund':
    case 'RecordRefundOutcome':
    case 'RecordStripeRefundTotal':
      return decideRefund(c, s);
    default:
      return assertNever(c);
  }
}

export const paymentDecider: Decider<PaymentCommand, PaymentState, PaymentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolvePayment,
  decide,
};
