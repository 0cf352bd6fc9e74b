import { Injectable } from '@nestjs/common';
import { CommandExecutor } from '../cqrs/command-executor';
import { RecordedEvent } from '../event-store/event-store.port';
import { storedEvent } from '../event-store/stored-event';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { tooOldToEmail } from '../notifications/stale-events';
import { isErased } from '../privacy/personal-data';
import { Clock } from '../shared/clock';
import { EventReactor, ReactorProvider } from '../subscriptions/subscription.types';
import { enrollmentDecider, EnrollmentState } from './enrollment.decider';
import { EnrollmentRejected, EnrollmentWaitlisted, enrollmentStream } from './enrollment.events';

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
    if (tooOldToEmail(event, this.clock.now())) return;
    const { enrollmentId, reason } = storedEvent<EnrollmentRejected | EnrollmentWaitlisted>(
      this.eventTypes,
      event,
    ).data;
    const enrollment = await this.executor.load<EnrollmentState, never>(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
    );
    if (enrollment.status === 'none' || isErased(enrollment.application.parentEmail)) return;
    const app = enrollment.application;
    const template = event.type === 'EnrollmentRejected' ? 'enrollment-rejected' : 'enrollment-waitlisted';
    await this.outbox.request({
      key: `${template}:${event.eventId}`,
      to: app.parentEmail,
      template,
      data: {
        parentName: `${app.parentFirstName} ${app.parentLastName}`,
        studentName: `${app.studentFirstName} ${app.studentLastName}`,
        instrument: app.instrument,
        reason,
      },
      causedByEventId: event.eventId,
      correlationId: event.metadata.correlationId,
    });
  }
}
