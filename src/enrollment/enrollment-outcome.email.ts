import { Injectable } from '@nestjs/common';
import { CommandExecutor } from '../cqrs/command-executor';
import { RecordedEvent } from '../event-store/event-store.port';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { isErased } from '../privacy/personal-data';
import { Clock } from '../shared/clock';
import { EventReactor, ReactorProvider } from '../subscriptions/subscription.types';
import { enrollmentDecider, EnrollmentState } from './enrollment.decider';
import { EnrollmentRejected, EnrollmentWaitlisted, enrollmentStream } from './enrollment.events';

/** Older outcomes (a subscription replaying history) are not worth an email any more. */
const STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * Tells the family at the address on the form when its enrollment is refused (with the reason)
 * or waitlisted (and what happens next): without it they heard nothing. Once per event.
 */
@ReactorProvider()
@Injectable()
export class EnrollmentOutcomeEmail implements EventReactor {
  readonly name = 'enrollment-outcome-email';
  readonly eventTypes = ['EnrollmentRejected', 'EnrollmentWaitlisted'] as const;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (this.clock.now().getTime() - Date.parse(event.metadata.occurredAt) > STALE_AFTER_MS) return;
    const { enrollmentId, reason } = event.data as (EnrollmentRejected | EnrollmentWaitlisted)['data'];
    const enrollment = await this.executor.load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider);
    if (enrollment.status === 'none' || isErased(enrollment.application.parentEmail)) return;
    const app = enrollment.application;
    const template = event.type === 'EnrollmentRejected' ? 'enrollment-rejected' : 'enrollment-waitlisted';
    await this.outbox.request({
      key: `${template}:${event.eventId}`,
      to: app.parentEmail,
      template,
      data: { parentName: `${app.parentFirstName} ${app.parentLastName}`, studentName: `${app.studentFirstName} ${app.studentLastName}`, instrument: app.instrument, reason },
      causedByEventId: event.eventId,
      correlationId: event.metadata.correlationId,
    });
  }
}
