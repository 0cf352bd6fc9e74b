import { Injectable } from '@nestjs/common';
import { CommandExecutor } from '../cqrs/command-executor';
import { RecordedEvent } from '../event-store/event-store.port';
import { storedEvent } from '../event-store/stored-event';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { tooOldToEmail } from '../notifications/stale-events';
import { Clock } from '../shared/clock';
import { EventReactor, ReactorProvider } from '../subscriptions/subscription.types';
import { enrollmentDecider, EnrollmentState } from './enrollment.decider';
import { EnrollmentResumed, enrollmentStream } from './enrollment.events';

/**
 * Tells the family when their waitlisted enrollment resumes, whether the waitlist saga or the
 * waitlist-recheck job resumed it. One email per resumption (keyed by the event).
 */
@ReactorProvider()
@Injectable()
export class WaitlistResumedEmail implements EventReactor {
  readonly name = 'waitlist-resumed-email';
  readonly eventTypes = ['EnrollmentResumed'] as const;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (tooOldToEmail(event, this.clock.now())) return;
    const { enrollmentId } = storedEvent<EnrollmentResumed>(this.eventTypes, event).data;
    const enrollment = await this.executor.load<EnrollmentState, never>(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
    );
    if (enrollment.status === 'none') return;
    const app = enrollment.application;
    await this.outbox.request({
      key: `waitlist-resumed:${event.eventId}`,
      to: app.parentEmail,
      template: 'waitlist-resumed',
      data: {
        parentName: `${app.parentFirstName} ${app.parentLastName}`,
        studentName: `${app.studentFirstName} ${app.studentLastName}`,
        instrument: app.instrument,
      },
      causedByEventId: event.eventId,
      correlationId: event.metadata.correlationId,
    });
  }
}
