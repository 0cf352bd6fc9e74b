import { SetMetadata } from '@nestjs/common';
import { CommandContext } from '../cqrs/command-context';
import { deriveId } from '../shared/ids';
import { RequestContexts, SYSTEM_ACTOR } from '../shared/request-context';

/**
 * A recurring job. `run` does one pass at the instant it is given (the injected clock's now)
 * and issues commands whose ids derive from what they are about (a lesson, a student, a
 * family and period), so a pass repeated by a retry, a second tick or a second instance
 * records nothing twice. It returns counts for the log, e.g. `{ reminded: 3 }`.
 */
export interface ScheduledJob {
  /** kebab-case; its schedule is read from JOB_<NAME>_SCHEDULE (lesson-reminders → JOB_LESSON_REMINDERS_SCHEDULE) */
  readonly name: string;
  readonly description: string;
  /** used when the environment names none: "5m", "1h", "0 3 * * *" */
  readonly defaultSchedule: string;
  run(now: Date): Promise<Record<string, number>>;
}

export const JOB_PROVIDER = 'jobs:job';

/**
 * Marks a provider as a scheduled job: JobsModule finds it in whichever module lists it and
 * runs it on its schedule. Registering a job is this decorator plus the class in its module's
 * `providers`.
 */
export const JobProvider = () => SetMetadata(JOB_PROVIDER, true);

/**
 * The context of a command a job issues about `subject` (e.g. a lesson id + 'reminder-24h'):
 * the same job and subject always make the same command id, so the command is applied once.
 */
export function jobCommandContext(job: string, subject: string, now: Date): CommandContext {
  const rc = RequestContexts.currentOrSystem();
  return {
    commandId: deriveId('job', job, subject),
    correlationId: rc.correlationId,
    causationId: null,
    actor: SYSTEM_ACTOR,
    issuedAt: now.toISOString(),
  };
}
