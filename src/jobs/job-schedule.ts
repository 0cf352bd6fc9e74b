import { validateCronExpression } from 'cron';

/**
 * When a job runs, as written in JOB_<NAME>_SCHEDULE: an interval ("90s", "5m", "1h", "500ms"),
 * a cron expression ("0 3 * * *", 5 or 6 fields, in the academy's time zone) or "off".
 */
export type JobSchedule = { kind: 'interval'; ms: number } | { kind: 'cron'; expression: string } | { kind: 'off' };

const INTERVAL = /^(\d+)\s*(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
/** shortest interval: a job runs at most ten times a second */
export const MIN_INTERVAL_MS = 100;
/** longest: setInterval's limit (about 24.8 days) */
export const MAX_INTERVAL_MS = 2_147_483_647;

/** Parses a schedule; throws an Error saying what is accepted. */
export function parseJobSchedule(raw: string): JobSchedule {
  const value = raw.trim();
  if (value.toLowerCase() === 'off') return { kind: 'off' };
  const interval = INTERVAL.exec(value);
  if (interval) {
    const ms = Number(interval[1]) * UNIT_MS[interval[2] as keyof typeof UNIT_MS];
    if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS)
      throw new Error(`the interval must be between ${MIN_INTERVAL_MS} ms and 24 days (got "${raw}")`);
    return { kind: 'interval', ms };
  }
  const fields = value.split(/\s+/).length;
  if ((fields === 5 || fields === 6) && validateCronExpression(value).valid) return { kind: 'cron', expression: value };
  throw new Error(
    `must be an interval such as 5m, 90s or 1h, a cron expression such as "0 3 * * *", or off (got "${raw}")`,
  );
}

/** 'lesson-reminders' → 'JOB_LESSON_REMINDERS_SCHEDULE' */
export const scheduleEnvName = (jobName: string) => `JOB_${jobName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_SCHEDULE`;

export const JOB_SCHEDULE_ENV = /^JOB_[A-Z0-9_]+_SCHEDULE$/;

export function describeSchedule(s: JobSchedule): string {
  return s.kind === 'off' ? 'off' : s.kind === 'cron' ? `cron "${s.expression}"` : `every ${s.ms} ms`;
}
