import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CommandExecutor } from '../../cqrs/command-executor';
import { JobProvider, jobCommandContext, ScheduledJob } from '../../jobs/job';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';

const PAGE = 500;

/**
 * Expires enrollments held for a family's confirmation that nobody answered in time: the read
 * model says which are due, the enrollment's own state decides. Keyed by enrollment, so a second
 * run or instance records nothing twice.
 */
@JobProvider()
@Injectable()
export class FamilyConfirmationExpiryJob implements ScheduledJob {
  readonly name = 'family-confirmation-expiry';
  readonly description = 'record FamilyConfirmationExpired for enrollments whose family did not confirm them in time';
  readonly defaultSchedule = '1h';

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    let expired = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.em
        .fork()
        .execute('SELECT id FROM enrollments WHERE confirm_by <= ? AND id > ? ORDER BY id LIMIT ?', [now, after, PAGE]);
      for (const { id } of rows) {
        const result = await this.executor.execute(
          enrollmentStream(id),
          enrollmentDecider,
          { type: 'ExpireFamilyConfirmation', enrollmentId: id, at: now.toISOString() },
          jobCommandContext(this.name, id, now),
        );
        expired += result.events.length;
      }
      if (rows.length < PAGE) return { expired };
      after = rows[rows.length - 1].id;
    }
  }
}
