import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { WorkflowSaga } from '../workflows/workflow.saga';
import { nodeCommands } from '../workflows/node-commands';
import { storedEvent } from '../event-store/stored-event';
import { RecordedEvent } from '../event-store/event-store.port';
import { ChargePayment } from './process-payment/charge-payment.handler';
import { NotifyPaymentFailure, PostCharge, ScheduleRetry, SendReceipt } from './payment-follow-ups.handlers';
import { AccountEvent, PAYMENT_EVENT_TYPES, PaymentEvent } from './payment.events';
import { retryPolicyOf } from './dunning/retry-policy';

/** Payment processing (docs/domain.md, Payments). */
export const PAYMENT_PROCESSING = {
  name: 'payment-processing',
  description:
    'Charge through Stripe; on success post to the family ledger and email a receipt; on failure retry on a ' +
    'schedule, then give up and tell the family',
  // PaymentRetryDue is raised by the retry job (a command per due retry) when a retry falls due.
  startsWith: ['PaymentRequested', 'PaymentRetryDue'],
  nodes: [
    {
      name: 'ProcessPayment',
      command: 'ChargePayment',
      on: ['PaymentRequested', 'PaymentRetryDue'],
      emits: ['PaymentSucceeded', 'PaymentFailed'],
      description:
        'a payment intent in cents, CAD, metadata.paymentId, idempotency key per attempt; Stripe webhooks record the ' +
        'same outcomes (first wins)',
    },
    {
      name: 'UpdateAccounting',
      command: 'PostCharge',
      on: ['PaymentSucceeded'],
      emits: ['ChargePosted'],
      description: 'the charge posted once to the family account, with its running balance',
    },
    {
      name: 'SendReceipt',
      command: 'SendReceipt',
      on: ['ChargePosted'],
      emits: ['ReceiptSent'],
      sendsEmail: true,
      description: 'the receipt through the outbox, once per payment',
    },
    {
      name: 'RetryPayment',
      command: 'ScheduleRetry',
      on: ['PaymentFailed'],
      emits: ['PaymentRetryScheduled', 'PaymentFinallyFailed'],
      description:
        'next attempt after the back-off (default every 48 h, up to 4 retries); a hard decline or the last retry ' +
        'ends it',
    },
    {
      name: 'NotifyFamily',
      command: 'NotifyPaymentFailure',
      on: ['PaymentRetryScheduled', 'PaymentFinallyFailed'],
      emits: [],
      sendsEmail: true,
      description: 'the parent hears what happens next, or that the payment has failed for good',
    },
  ],
  routers: [
    {
      name: 'PaymentOutcome',
      after: 'ProcessPayment',
      routes: [
        { on: 'PaymentSucceeded', to: 'UpdateAccounting', label: 'paid' },
        { on: 'PaymentFailed', to: 'RetryPayment', label: 'declined' },
      ],
    },
    {
      name: 'RetryOutcome',
      after: 'RetryPayment',
      routes: [
        { on: 'PaymentRetryScheduled', to: 'NotifyFamily', label: 'will retry (the retry job raises PaymentRetryDue)' },
        { on: 'PaymentFinallyFailed', to: 'NotifyFamily', label: 'failed' },
      ],
    },
  ],
} as const satisfies WorkflowDefinition;

/** The events payment-processing's nodes wait for. */
type PaymentProcessingEvent = PaymentEvent | AccountEvent;
const PAYMENT_PROCESSING_EVENTS = [...PAYMENT_EVENT_TYPES, 'ChargePosted', 'RefundPosted'] as const;

@ReactorProvider()
@Injectable()
export class PaymentProcessingWorkflow extends WorkflowSaga {
  readonly definition = PAYMENT_PROCESSING;
  protected readonly commands = nodeCommands<PaymentProcessingEvent>()(PAYMENT_PROCESSING, {
    ProcessPayment: (e, ctx) =>
      new ChargePayment(e.data.paymentId, e.type === 'PaymentRetryDue' ? e.data.attempt : 1, ctx),
    UpdateAccounting: (e, ctx) => new PostCharge(e.data.paymentId, ctx),
    SendReceipt: (e, ctx) => new SendReceipt(e.data.paymentId, ctx),
    RetryPayment: (e, ctx) => new ScheduleRetry(e.data.paymentId, e.data.attempt, retryPolicyOf(this.config), ctx),
    NotifyFamily: (e, ctx) =>
      new NotifyPaymentFailure(
        e.data.paymentId,
        e.type === 'PaymentRetryScheduled' ? { attempt: e.data.attempt, dueAt: e.data.dueAt } : null,
        e.eventId,
        ctx,
      ),
  });

  /** One payment's events in log order, whatever request or webhook caused them. */
  partitionOf(e: RecordedEvent): string {
    return storedEvent<PaymentProcessingEvent>(PAYMENT_PROCESSING_EVENTS, e).data.paymentId;
  }

  constructor(
    commandBus: CommandBus,
    clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(commandBus, clock);
  }
}
