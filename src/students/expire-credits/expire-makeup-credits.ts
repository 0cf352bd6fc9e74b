import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { JobProvider, jobCommandContext, ScheduledJob } from '../../jobs/job';
import { studentDecider, StudentState } from '../student.decider';
import { StudentEvent, studentStream } from '../student.events';

/** Records the student's makeup credits past their expiry at `context.issuedAt` as expired. */
export class ExpireMakeupCredits implements ICommand {
  constructor(
    readonly studentId: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExpireMakeupCredits)
export class ExpireMakeupCreditsHandler implements ICommandHandler<ExpireMakeupCredits, ExecutionResult<StudentEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ studentId, context }: ExpireMakeupCredits) {
    return this.executor.execute(
      studentStream(studentId),
      studentDecider,
      { type: 'ExpireMakeupCredits', studentId, at: context.issuedAt },
      context,
    );
  }
}

const PAGE = 500;

/**
 * Expires unused makeup credits past their expiry. The students read model says who holds
 * credits; each one's stream says which have expired. The command id derives from the student
 * and the credits expiring, so a repeated run records each expiry once.
 */
@JobProvider()
@Injectable()
export class MakeupCreditExpiryJob implements ScheduledJob {
  readonly name = 'makeup-credit-expiry';
  readonly description =
    'record MakeupCreditExpired for each unused makeup credit past its expiry (it can no longer be used)';
  readonly defaultSchedule = '1h';

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    const counts = { expired: 0, students: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.em
        .fork()
        .execute('SELECT id FROM students WHERE makeup_credits > 0 AND id > ? ORDER BY id LIMIT ?', [after, PAGE]);
      for (const { id } of rows) {
        const student = await this.executor.load<StudentState, never>(studentStream(id), studentDecider);
        if (student.status === 'none') continue;
        const due = student.credits
          .filter((c) => Date.parse(c.expiresAt) <= now.getTime())
          .map((c) => c.creditId)
          .sort();
        if (due.length === 0) continue;
        const result: ExecutionResult<StudentEvent> = await this.commands.execute(
          new ExpireMakeupCredits(id, jobCommandContext(this.name, `${id}:${due.join(',')}`, now)),
        );
        counts.expired += result.events.length;
        if (result.events.length) counts.students += 1;
      }
      if (rows.length < PAGE) return counts;
      after = rows[rows.length - 1].id;
    }
  }
}
