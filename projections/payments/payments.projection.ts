import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { PaymentMethodSetUp } from '../../src/enrollment/enrollment.events';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED } from '../../src/privacy/personal-data';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { AccountEvent, PAYMENT_EVENT_TYPES, PaymentEvent } from '../../src/payments/payment.events';
import { Projection, ProjectionProvider } from '../../src/subscriptions/subscription.types';
import { BatchRows } from '../batch-rows';
import { FamilyPaymentMethodRow, LedgerEntryRow, PaymentIntentRow, PaymentRow } from './payment.entity';

/**
 * Payments and the ledger: one row per payment (status, attempts, refunds, next retry), one
 * ledger entry per posted charge or refund, the family's saved payment method, and which
 * payment each Stripe intent belongs to (for webhooks that carry no metadata).
 */
@ProjectionProvider()
@Injectable()
export class PaymentsProjection implements Projection {
  readonly name = 'payments';
  readonly eventTypes = [
    ...PAYMENT_EVENT_TYPES,
    'ChargePosted',
    'RefundPosted',
    'PaymentMethodSetUp',
    'FamilyForgotten',
  ];
  readonly tables = ['payments', 'ledger_entries', 'family_payment_methods', 'payment_intents'];
  private readonly rows = new BatchRows(PaymentRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & (PaymentEvent | AccountEvent | PaymentMethodSetUp | FamilyForgotten);
    const at = new Date(event.metadata.occurredAt);
    // which payment a Stripe intent belongs to: the first payment seen with it keeps it
    const intent = (intentId: string | null, paymentId: string) => {
      if (intentId) batch.insertIgnore(PaymentIntentRow, { intentId, paymentId });
    };
    switch (event.type) {
      case 'FamilyForgotten': {
        // Amounts, times and ids stay (the books must still add up); the family's words and card go.
        const familyId = event.data.familyId;
        await batch.execute('UPDATE payments SET description = ?, last_error = NULL WHERE parent_id = ?', [
          ERASED,
          familyId,
        ]);
        await batch.execute('UPDATE family_payment_methods SET brand = NULL, last4 = NULL WHERE parent_id = ?', [
          familyId,
        ]);
        return;
      }
      case 'PaymentMethodSetUp': {
        const d = event.data;
        // A card added beside the family's saved one (makeDefault false) is not the one charged.
        if (d.makeDefault === false) return;
        const method = {
          parentId: d.parentId,
          customerId: d.customerId,
          paymentMethodId: d.paymentMethodId,
          brand: d.brand,
          last4: d.last4,
          updatedAt: at,
        };
        batch.put(FamilyPaymentMethodRow, method);
        return;
      }
      case 'ChargePosted':
      case 'RefundPosted': {
        const d = event.data;
        const entry: LedgerEntryRow = {
          id: event.eventId,
          kind: event.type === 'ChargePosted' ? 'charge' : 'refund',
          paymentId: d.paymentId,
          refundId: event.type === 'RefundPosted' ? event.data.refundId : null,
          parentId: d.parentId,
          studentId: d.studentId,
          instrument: d.instrument,
          teacherId: d.teacherId,
          amountCents: d.amountCents,
          balanceCents: String(d.balanceCents),
          at,
          position: String(event.position),
        };
        batch.create(LedgerEntryRow, entry);
        return;
      }
      case 'PaymentRequested': {
        const d = event.data;
        this.rows.create(batch, {
          id: d.paymentId,
          studentId: d.studentId,
          parentId: d.parentId,
          lessonId: d.lessonId,
          amountCents: d.amountCents,
          currency: d.currency,
          description: d.description,
          status: 'pending',
          attempts: 0,
          stripePaymentIntentId: null,
          receiptSent: false,
          refundedCents: 0,
          nextRetryAt: null,
          nextRetryAttempt: null,
          lastError: null,
          webhookRejections: 0,
          lastWebhookRejection: null,
          instrument: d.instrument,
          teacherId: d.teacherId,
          requestedAt: at,
          updatedAt: at,
        });
        return;
      }
    }
    const row = await this.rows.get(batch, event.data.paymentId);
    row.updatedAt = at;
    switch (event.type) {
      case 'PaymentSucceeded':
        row.status = 'succeeded';
        row.attempts = Math.max(row.attempts, event.data.attempt);
        row.stripePaymentIntentId = event.data.paymentIntentId;
        row.nextRetryAt = null;
        row.nextRetryAttempt = null;
        intent(event.data.paymentIntentId, row.id);
        return;
      case 'PaymentFailed':
        row.attempts = Math.max(row.attempts, event.data.attempt);
        row.lastError =
          `${event.data.code}${event.data.declineCode ? `/${event.data.declineCode}` : ''}` + `: ${event.data.reason}`;
        row.stripePaymentIntentId = event.data.paymentIntentId ?? row.stripePaymentIntentId;
        intent(event.data.paymentIntentId, row.id);
        return;
      case 'PaymentIntentPending':
        row.stripePaymentIntentId = event.data.paymentIntentId;
        intent(event.data.paymentIntentId, row.id);
        return;
      case 'PaymentWebhookRejected': {
        const d = event.data;
        row.webhookRejections += 1;
        row.lastWebhookRejection = `${at.toISOString()} ${d.eventType} ${d.stripeEventId}: ${d.reason}`;
        return;
      }
      case 'PaymentRetryScheduled':
        row.nextRetryAt = new Date(event.data.dueAt);
        row.nextRetryAttempt = event.data.attempt;
        return;
      case 'PaymentRetryDue':
        row.nextRetryAt = null;
        return;
      case 'PaymentFinallyFailed':
        if (row.status === 'pending') row.status = 'failed';
        row.nextRetryAt = null;
        row.nextRetryAttempt = null;
        return;
      case 'ReceiptSent':
        row.receiptSent = true;
        return;
      case 'PaymentRefunded':
        row.refundedCents += event.data.amountCents;
        if (event.data.fullyRefunded) row.status = 'refunded';
        return;
      case 'RefundRequested':
      case 'RefundFailed':
        return;
    }
  }
}
