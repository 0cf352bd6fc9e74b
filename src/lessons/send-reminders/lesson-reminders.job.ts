import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { JobProvider, jobCommandContext, ScheduledJob } from '../../jobs/job';
import { inHours, REMINDER_LEAD_MS } from '../notice-periods';
import { REMINDER_KEY_PREFIX, ReminderOutcome, SendLessonReminder } from './send-lesson-reminder.handler';

const PAGE = 200;

/**
 * Reminds families of every scheduled lesson starting within the next 24 hours that has no
 * reminder in the outbox yet. One command per lesson, its id derived from the lesson id and
 * "reminder-24h": a lesson is reminded once however often, and on however many instances, this runs.
 */
@JobProvider()
@Injectable()
export class LessonRemindersJob implements ScheduledJob {
  readonly name = 'lesson-reminders';
  readonly description =
    `email each family ${inHours(REMINDER_LEAD_MS)} h before a scheduled lesson ` +
    '(once per lesson; never for a cancelled one)';
  readonly defaultSchedule = '5m';

  constructor(
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    const counts = { reminded: 0, skipped: 0 };
    const until = new Date(now.getTime() + REMINDER_LEAD_MS);
    let after: { startsAt: Date; id: string } | null = null;
    for (;;) {
      const rows: { id: string; starts_at: Date }[] = await this.em.fork().execute(
        `SELECT l.id, l.starts_at FROM lessons l
          WHERE l.status = 'scheduled' AND l.starts_at > ? AND l.starts_at <= ?
            ${after ? 'AND (l.starts_at, l.id) > (?, ?)' : ''}
            AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.idempotency_key = ?::text || l.id::text)
          ORDER BY l.starts_at, l.id
          LIMIT ?`,
        [now, until, ...(after ? [after.startsAt, after.id] : []), REMINDER_KEY_PREFIX, PAGE],
      );
      for (const row of rows) {
        const outcome: ReminderOutcome = await this.commands.execute(
          new SendLessonReminder(row.id, jobCommandContext(this.name, `${row.id}:reminder-24h`, now)),
        );
        if (outcome === 'reminded') counts.reminded += 1;
        else counts.skipped += 1;
      }
      if (rows.length < PAGE) return counts;
      const last = rows[rows.length - 1];
      after = { startsAt: new Date(last.starts_at), id: last.id };
    }
  }
}
