import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RecordedEvent } from '../../event-store/event-store.port';
import { storedEvent } from '../../event-store/stored-event';
import { Clock } from '../../shared/clock';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { nodeCommands } from '../../workflows/node-commands';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { PAYMENT_EVENT_TYPES, PaymentEvent } from '../payment.events';
import { IssueRefund, PostRefund } from './refund.handlers';

export const PAYMENT_REFUND = {
  name: 'payment-refund',
  description:
    'Give money back (full or partial, never more than charged) and post it to the family ledger; refunds made in ' +
    'Stripe arrive by webhook',
  // PaymentRefunded also arrives from Stripe's charge.refunded webhook for refunds made there.
  startsWith: ['RefundRequested', 'PaymentRefunded'],
  nodes: [
    {
      name: 'IssueRefund',
      command: 'IssueRefund',
      on: ['RefundRequested'],
      emits: ['PaymentRefunded', 'RefundFailed'],
      description: 'a Stripe refund with an idempotency key per refund',
    },
    {
      name: 'PostRefund',
      command: 'PostRefund',
      on: ['PaymentRefunded'],
      emits: ['RefundPosted'],
      description: 'the refund posted once to the family account',
    },
  ],
  routers: [
    {
      name: 'RefundOutcome',
      after: 'IssueRefund',
      routes: [
        { on: 'PaymentRefunded', to: 'PostRefund', label: 'refunded' },
        { on: 'RefundFailed', to: null, label: 'refused by the gateway' },
      ],
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class PaymentRefundWorkflow extends WorkflowSaga {
  readonly definition = PAYMENT_REFUND;
  protected readonly commands = nodeCommands<PaymentEvent>()(PAYMENT_REFUND, {
    IssueRefund: (e, ctx) => new IssueRefund(e.data.paymentId, e.data.refundId, ctx),
    PostRefund: (e, ctx) => new PostRefund(e.data.paymentId, e.data.refundId, e.data.amountCents, ctx),
  });

  /** One payment's refund events in log order. */
  partitionOf(e: RecordedEvent): string {
    return storedEvent<PaymentEvent>(PAYMENT_EVENT_TYPES, e).data.paymentId;
  }

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}
