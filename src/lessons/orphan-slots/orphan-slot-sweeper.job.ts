import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { storedEvent } from '../../event-store/stored-event';
import { JobProvider, jobCommandContext, ScheduledJob } from '../../jobs/job';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { CalendarSlotsBooked, calendarStream } from '../../scheduling/calendar.events';
import { lessonStream } from '../lesson.events';

/** A booking younger than this may still be finishing (or be retried with its Idempotency-Key). */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const PAGE = 500;

/**
 * Frees calendar slots held for lessons that were never recorded. Booking takes both calendars
 * first and records the lesson last; a process that dies in between (or fails while giving the
 * slots back) leaves slots no lesson owns, and nothing else would ever free them. The job walks
 * CalendarSlotsBooked events older than an hour from its checkpoint; a slot whose lesson stream
 * does not exist and which the calendar still holds is released ('booking-abandoned').
 */
@JobProvider()
@Injectable()
export class OrphanSlotSweeperJob implements ScheduledJob {
  readonly name = 'orphan-slot-sweeper';
  readonly description =
    'free calendar slots held for lessons that were never recorded (a booking interrupted by a crash)';
  readonly defaultSchedule = '30m';
  private readonly logger = new Logger('OrphanSlots');

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    const counts = { released: 0, checked: 0 };
    const cutoff = now.getTime() - ORPHAN_GRACE_MS;
    const em = this.em.fork();
    const [row] = await em.execute<{ position: string }[]>('SELECT position FROM job_checkpoints WHERE job = ?', [
      this.name,
    ]);
    let position = Number(row?.position ?? 0);
    for (;;) {
      const events = await this.store.readAll({ after: position, limit: PAGE, types: ['CalendarSlotsBooked'] });
      let reachedRecent = false;
      for (const event of events) {
        if (Date.parse(event.metadata.occurredAt) > cutoff) {
          reachedRecent = true;
          break;
        }
        const d = storedEvent<CalendarSlotsBooked>(['CalendarSlotsBooked'], event).data;
        counts.released += await this.sweep(d, now);
        counts.checked += d.slots.length;
        position = event.position;
      }
      await em.execute(
        `INSERT INTO job_checkpoints (job, position, updated_at) VALUES (?, ?, now())
         ON CONFLICT (job) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [this.name, position],
      );
      if (reachedRecent || events.length < PAGE) return counts;
    }
  }

  private async sweep(d: CalendarSlotsBooked['data'], now: Date): Promise<number> {
    let released = 0;
    let calendar: CalendarState | null = null;
    for (const slot of d.slots) {
      if ((await this.store.readStream(lessonStream(slot.lessonId), { limit: 1 })).length > 0) continue;
      calendar ??= await this.executor.load<CalendarState, never>(calendarStream(d.owner, d.ownerId), calendarDecider);
      if (!calendar.bookings[slot.lessonId]) continue;
      const result = await this.executor.execute(
        calendarStream(d.owner, d.ownerId),
        calendarDecider,
        {
          type: 'ReleaseSlot',
          owner: d.owner,
          ownerId: d.ownerId,
          lessonId: slot.lessonId,
          reason: 'booking-abandoned',
        },
        jobCommandContext(this.name, `${d.owner}:${d.ownerId}:${slot.lessonId}`, now),
      );
      if (result.events.length) {
        released += 1;
        this.logger.warn(
          `released the ${d.owner} slot ${slot.startsAt} of ${d.ownerId}: lesson ${slot.lessonId} was never recorded`,
        );
      }
    }
    return released;
  }
}
