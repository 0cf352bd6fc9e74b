import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { CommandExecutor } from '../../cqrs/command-executor';
import { RecordedEvent } from '../../event-store/event-store.port';
import { storedEvent } from '../../event-store/stored-event';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { tooOldToEmail } from '../../notifications/stale-events';
import { Clock } from '../../shared/clock';
import { EventReactor, ReactorProvider } from '../../subscriptions/subscription.types';
import { familyOf, paymentOf } from '../payment-follow-ups.handlers';
import { PaymentRefunded } from '../payment.events';
import { formatCad } from '../format-cad';

/** Tells the family of each refund that reached the provider: once per refund. */
@ReactorProvider()
@Injectable()
export class RefundEmail implements EventReactor {
  readonly name = 'refund-email';
  readonly eventTypes = ['PaymentRefunded'] as const;
  private readonly logger = new Logger('PaymentEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (tooOldToEmail(event, this.clock.now())) return;
    const d = storedEvent<PaymentRefunded>(this.eventTypes, event).data;
    const p = await paymentOf(this.executor, d.paymentId);
    const family = await familyOf(this.em.fork(), p.request.studentId);
    if (!family) {
      this.logger.warn(`no family email for refund ${d.refundId} of payment ${d.paymentId}`);
      return;
    }
    await this.outbox.request({
      key: `refund-issued:${d.refundId}`,
      to: family.to,
      template: 'refund-issued',
      data: {
        parentName: family.parentName,
        studentName: family.studentName,
        amount: formatCad(d.amountCents),
        description: p.request.description,
        refundedAt: event.metadata.occurredAt,
        receiptNumber: d.paymentId,
        fullyRefunded: d.fullyRefunded,
      },
      causedByEventId: event.eventId,
      correlationId: event.metadata.correlationId,
    });
  }
}
