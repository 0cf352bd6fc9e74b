import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EnrollmentRow } from '../../projections/enrollments/enrollment.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { CommandExecutor } from '../cqrs/command-executor';
import { RecordedEvent } from '../event-store/event-store.port';
import { storedEvent } from '../event-store/stored-event';
import { Clock } from '../shared/clock';
import { deriveId } from '../shared/ids';
import { SYSTEM_ACTOR } from '../shared/request-context';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { EventReactor, ReactorProvider } from '../subscriptions/subscription.types';
import { selectRows } from '../database/select-rows';
import {
  TeacherDetailsChanged,
  TeacherReactivated,
  TeacherRegistered,
  TeacherSeatReleased,
} from '../teachers/teacher.events';
import { enrollmentDecider } from './enrollment.decider';
import { enrollmentStream } from './enrollment.events';
import { WaitlistRecheckJob } from './waitlist-recheck.job';

/**
 * A waitlist that moves: when a teacher of an instrument is registered or frees a seat,
 * waitlisted enrollments for that instrument resume, oldest first, as many as there are seats;
 * when one is given more seats or another instrument, or comes back, the waitlist recheck runs
 * its pass at once (students whose teacher left first). The 15-minute recheck is the fallback.
 */
@ReactorProvider()
@Injectable()
export class WaitlistSaga implements EventReactor {
  readonly name = 'waitlist';
  readonly eventTypes = [
    'TeacherRegistered',
    'TeacherSeatReleased',
    'TeacherDetailsChanged',
    'TeacherReactivated',
  ] as const;

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    private readonly subscriptions: SubscriptionsService,
    private readonly recheck: WaitlistRecheckJob,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const e = storedEvent<TeacherRegistered | TeacherSeatReleased | TeacherDetailsChanged | TeacherReactivated>(
      this.eventTypes,
      event,
    );
    if (e.type === 'TeacherDetailsChanged' || e.type === 'TeacherReactivated') {
      // A change of rate or bio alone gives nobody a place.
      if (e.type === 'TeacherDetailsChanged' && e.data.seats === undefined && e.data.instruments === undefined) return;
      // More seats, another instrument or a return: the recheck's pass now, not at its next tick
      // (it waits for the read models itself). It gives the room to students whose teacher left
      // first, then to the waitlist, oldest first.
      await this.recheck.run(this.clock.now());
      return;
    }
    // Validation counts room from the teachers read model and the waitlist is the enrollments
    // read model: let both see everything up to this event first.
    for (const model of ['teachers', 'enrollments']) {
      if (!(await this.subscriptions.waitUntilCaughtUp(model, 10_000))) {
        throw new Error(`the ${model} read model is behind; trying again`);
      }
    }
    let instruments: readonly string[];
    let seats: number;
    if (e.type === 'TeacherRegistered') {
      const d = e.data;
      instruments = d.instruments;
      seats = d.seats;
    } else {
      const [teacher] = await selectRows(this.em, TeacherRow, 'id = ?', [e.data.teacherId]);
      if (!teacher) return;
      instruments = teacher.instruments;
      seats = 1;
    }
    const waiting = await this.em
      .fork()
      .find(
        EnrollmentRow,
        { status: 'waitlisted', instrument: { $in: [...instruments] } },
        { orderBy: { arrival: 'asc' }, limit: seats + 20 },
      );
    let resumed = 0;
    for (const enrollment of waiting) {
      if (resumed >= seats) break;
      const result = await this.executor.execute(
        enrollmentStream(enrollment.id),
        enrollmentDecider,
        { type: 'ResumeEnrollment', enrollmentId: enrollment.id },
        {
          commandId: deriveId('waitlist', event.eventId, enrollment.id),
          correlationId: event.metadata.correlationId,
          causationId: event.eventId,
          actor: SYSTEM_ACTOR,
          issuedAt: this.clock.now().toISOString(),
        },
      );
      // Already resumed by another handler (the row was behind): the seat goes to the next one.
      if (result.events.length > 0 || result.alreadyApplied) resumed += 1;
    }
  }
}
