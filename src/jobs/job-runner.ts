import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Pool } from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PG_POOL } from '../core.module';
import { Metrics } from '../operations/metrics';
import { Clock } from '../shared/clock';
import { deriveId } from '../shared/ids';
import { RequestContexts, SYSTEM_ACTOR } from '../shared/request-context';
import { JOB_PROVIDER, ScheduledJob } from './job';
import { describeSchedule, JobSchedule, parseJobSchedule, scheduleEnvName } from './job-schedule';

export interface JobsOptions {
  /** false: nothing is scheduled in this process (the CLI); runs can still be triggered */
  enabled: boolean;
}
export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export type JobRunOutcome =
  | { outcome: 'succeeded'; startedAt: string; durationMs: number; summary: Record<string, number> }
  | { outcome: 'failed'; startedAt: string; durationMs: number; error: string }
  | { outcome: 'skipped'; startedAt: string; reason: string };

export interface JobView {
  name: string;
  description: string;
  schedule: string;
  running: boolean;
  lastRun: JobRunOutcome | null;
}

/** The first run of an interval job comes this soon after boot (or after one interval, if shorter). */
const FIRST_RUN_AFTER_MS = 30_000;

/**
 * Finds every @JobProvider() and runs it on its schedule through @nestjs/schedule. A run of a
 * job never overlaps another run of it in this process (a tick that finds it running is
 * skipped), nor, with PostgreSQL, in another instance (a session advisory lock per job; the
 * commands a job issues are idempotent anyway). A failed run is logged and counted
 * (job_failures_total) and the next tick tries again.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, { job: ScheduledJob; schedule: JobSchedule }>();
  private readonly running = new Map<string, Promise<JobRunOutcome>>();
  private readonly lastRuns = new Map<string, JobRunOutcome>();
  private readonly registered: { kind: 'interval' | 'timeout' | 'cron'; name: string }[] = [];
  private stopping = false;
  private readonly runs: Counter<'job' | 'outcome'>;
  private readonly failures: Counter<'job'>;
  private readonly duration: Histogram<'job'>;
  private readonly lastSuccess: Gauge<'job'>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
    @Optional() @Inject(PG_POOL) private readonly pool?: Pool,
  ) {
    const registers = [metrics.registry];
    this.runs = new Counter({
      name: 'job_runs_total',
      help: 'Scheduled job runs by outcome (succeeded, failed, skipped)',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.failures = new Counter({
      name: 'job_failures_total',
      help: 'Scheduled job runs that failed (the next tick tries again)',
      labelNames: ['job'],
      registers,
    });
    this.duration = new Histogram({
      name: 'job_duration_seconds',
      help: 'Scheduled job run duration',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'job_last_success_timestamp_seconds',
      help: 'When each job last succeeded (clock time)',
      labelNames: ['job'],
      registers,
    });
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || !this.reflector.get(JOB_PROVIDER, metatype)) continue;
      const job = instance as ScheduledJob;
      if (this.jobs.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
      const env = scheduleEnvName(job.name);
      const schedule = parseJobSchedule(this.config.jobSchedules[env] ?? job.defaultSchedule);
      this.jobs.set(job.name, { job, schedule });
    }
    const known = new Set([...this.jobs.keys()].map(scheduleEnvName));
    for (const env of Object.keys(this.config.jobSchedules)) {
      if (!known.has(env)) this.logger.warn(`${env} names no job (known: ${[...known].join(', ') || 'none'})`);
    }
    if (!this.options.enabled || !this.config.jobsEnabled) {
      this.logger.log(`${this.jobs.size} job(s) known, none scheduled in this process`);
      return;
    }
    for (const { job, schedule } of this.jobs.values()) this.schedule(job, schedule);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const { kind, name } of this.registered) {
      if (kind === 'interval' && this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
      if (kind === 'timeout' && this.scheduler.doesExist('timeout', name)) this.scheduler.deleteTimeout(name);
      if (kind === 'cron' && this.scheduler.doesExist('cron', name)) this.scheduler.deleteCronJob(name);
    }
    await Promise.allSettled([...this.running.values()]);
  }

  list(): JobView[] {
    return [...this.jobs.values()].map(({ job, schedule }) => ({
      name: job.name,
      description: job.description,
      schedule: describeSchedule(schedule),
      running: this.running.has(job.name),
      lastRun: this.lastRuns.get(job.name) ?? null,
    }));
  }

  /**
   * Runs the job now (what each tick does). Resolves when the run is over, with its outcome; a
   * run already under way in this process makes this one 'skipped'. Never rejects.
   */
  trigger(name: string): Promise<JobRunOutcome> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no job named ${name}`);
    const startedAt = this.clock.now();
    if (this.running.has(name))
      return Promise.resolve(this.skipped(name, startedAt, 'the previous run is still going'));
    const run = this.runOnce(entry.job, startedAt).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private schedule(job: ScheduledJob, schedule: JobSchedule): void {
    const tick = () => {
      if (!this.stopping) void this.trigger(job.name);
    };
    const key = `job:${job.name}`;
    if (schedule.kind === 'interval') {
      this.scheduler.addInterval(key, setInterval(tick, schedule.ms));
      this.registered.push({ kind: 'interval', name: key });
      this.scheduler.addTimeout(`${key}:first`, setTimeout(tick, Math.min(schedule.ms, FIRST_RUN_AFTER_MS)));
      this.registered.push({ kind: 'timeout', name: `${key}:first` });
    } else if (schedule.kind === 'cron') {
      const cron = CronJob.from({
        cronTime: schedule.expression,
        onTick: tick,
        start: true,
        timeZone: this.config.academyTimezone,
      });
      this.scheduler.addCronJob(key, cron as unknown as Parameters<SchedulerRegistry['addCronJob']>[1]);
      this.registered.push({ kind: 'cron', name: key });
    }
    this.logger.log(`job ${job.name}: ${describeSchedule(schedule)}`);
  }

  private async runOnce(job: ScheduledJob, startedAt: Date): Promise<JobRunOutcome> {
    const lock = await this.lock(job.name).catch((error: Error) => error);
    if (lock instanceof Error) return this.failed(job.name, startedAt, 0, lock);
    if (!lock) return this.skipped(job.name, startedAt, 'running on another instance');
    const stop = this.duration.startTimer({ job: job.name });
    const t0 = process.hrtime.bigint();
    const elapsed = () => Number((process.hrtime.bigint() - t0) / 1_000_000n);
    try {
      const context = {
        correlationId: deriveId('job-run', job.name, startedAt.toISOString()),
        causationId: null,
        actor: SYSTEM_ACTOR,
      };
      const summary = await RequestContexts.run(context, () => job.run(startedAt));
      stop();
      const outcome: JobRunOutcome = {
        outcome: 'succeeded',
        startedAt: startedAt.toISOString(),
        durationMs: elapsed(),
        summary,
      };
      this.runs.inc({ job: job.name, outcome: 'succeeded' });
      this.lastSuccess.set({ job: job.name }, startedAt.getTime() / 1000);
      this.lastRuns.set(job.name, outcome);
      const did = Object.entries(summary).filter(([, n]) => n > 0);
      if (did.length) this.logger.log(`job ${job.name}: ${did.map(([k, n]) => `${k} ${n}`).join(', ')}`);
      return outcome;
    } catch (error) {
      stop();
      return this.failed(job.name, startedAt, elapsed(), error);
    } finally {
      await lock.release();
    }
  }

  private failed(name: string, startedAt: Date, durationMs: number, error: unknown): JobRunOutcome {
    const message = (error as Error)?.message ?? String(error);
    this.logger.error(`job ${name} failed (the next tick tries again): ${message}`);
    this.runs.inc({ job: name, outcome: 'failed' });
    this.failures.inc({ job: name });
    const outcome: JobRunOutcome = {
      outcome: 'failed',
      startedAt: startedAt.toISOString(),
      durationMs,
      error: message,
    };
    this.lastRuns.set(name, outcome);
    return outcome;
  }

  private skipped(name: string, startedAt: Date, reason: string): JobRunOutcome {
    this.logger.debug(`job ${name} skipped: ${reason}`);
    this.runs.inc({ job: name, outcome: 'skipped' });
    return { outcome: 'skipped', startedAt: startedAt.toISOString(), reason };
  }

  /** A session advisory lock named after the job: one run at a time across instances. null: held elsewhere. */
  private async lock(name: string): Promise<{ release(): Promise<void> } | null> {
    if (!this.pool) return { release: async () => undefined };
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
        [`job:${name}`],
      );
      if (!rows[0].ok) {
        client.release();
        return null;
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return {
      release: async () => {
        try {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`job:${name}`]);
          client.release();
        } catch (error) {
          client.release(error as Error); // the session ends, and with it the lock
        }
      },
    };
  }
}
