import { Logger } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config/config';
import { JobProvider, ScheduledJob } from '../../src/jobs/job';
import { JobRunner } from '../../src/jobs/job-runner';
import { Metrics } from '../../src/operations/metrics';
import { ManualClock } from '../../src/shared/clock';
import { RequestContexts } from '../../src/shared/request-context';
import { createTestDatabase, TestDatabase } from '../support/database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job whose runs the test controls: each run waits `holdMs`, and fails while `failing` > 0. */
@JobProvider()
class ProbeJob implements ScheduledJob {
  readonly description = 'probe';
  runs: Date[] = [];
  concurrent = 0;
  maxConcurrent = 0;
  failing = 0;
  holdMs = 0;
  correlationIds: string[] = [];
  constructor(
    readonly name = 'probe',
    readonly defaultSchedule = 'off',
  ) {}
  async run(now: Date): Promise<Record<string, number>> {
    this.runs.push(now);
    this.correlationIds.push(RequestContexts.current()!.correlationId);
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      await sleep(this.holdMs);
      if (this.failing > 0) {
        this.failing -= 1;
        throw new Error('gateway timeout');
      }
      return { done: 1 };
    } finally {
      this.concurrent -= 1;
    }
  }
}

describe('JobRunner', () => {
  let database: TestDatabase;
  let pool: Pool;
  const clock = new ManualClock(new Date('2026-11-01T09:00:00Z'));
  const errors: string[] = [];

  const runner = (
    jobs: ScheduledJob[],
    env: Record<string, string> = {},
    options = { enabled: true },
    withPool: Pool | undefined = pool,
  ) => {
    const discovery = {
      getProviders: () => jobs.map((instance) => ({ instance, metatype: ProbeJob })),
    } as unknown as DiscoveryService;
    const metrics = new Metrics();
    const r = new JobRunner(
      discovery,
      new Reflector(),
      new SchedulerRegistry(),
      clock,
      metrics,
      loadConfig(env),
      options,
      withPool,
    );
    r.onApplicationBootstrap();
    return { r, metrics };
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    database = await createTestDatabase('job_runner');
    pool = new Pool({ connectionString: database.url, max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("runs at the clock's time in a context of its own; a tick that finds a run going is skipped", async () => {
    const job = Object.assign(new ProbeJob(), { holdMs: 150 });
    const { r } = runner([job]);
    const [a, b] = await Promise.all([r.trigger('probe'), r.trigger('probe')]);
    expect(a).toMatchObject({ outcome: 'succeeded', summary: { done: 1 }, startedAt: '2026-11-01T09:00:00.000Z' });
    expect(b).toEqual({
      outcome: 'skipped',
      startedAt: '2026-11-01T09:00:00.000Z',
      reason: 'the previous run is still going',
    });
    expect(job.runs).toEqual([new Date('2026-11-01T09:00:00Z')]);
    expect(job.correlationIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.list()).toEqual([expect.objectContaining({ name: 'probe', schedule: 'off', running: false, lastRun: a })]);
    await r.beforeApplicationShutdown();
  });

  it('two instances (two pools) never run one job at once: the advisory lock skips the second', async () => {
    const other = new Pool({ connectionString: database.url, max: 2 });
    try {
      const jobA = Object.assign(new ProbeJob(), { holdMs: 200 });
      const jobB = Object.assign(new ProbeJob(), { holdMs: 200 });
      const a = runner([jobA]).r;
      const b = runner([jobB], {}, { enabled: true }, other).r;
      const [ra, rb] = await Promise.all([a.trigger('probe'), sleep(30).then(() => b.trigger('probe'))]);
      expect(ra.outcome).toBe('succeeded');
      expect(rb).toMatchObject({ outcome: 'skipped', reason: 'running on another instance' });
      // Once released, the other instance may run it.
      expect(await b.trigger('probe')).toMatchObject({ outcome: 'succeeded' });
      expect(jobA.runs.length + jobB.runs.length).toBe(2);
    } finally {
      await other.end();
    }
  });

  it('runs on its interval from JOB_<NAME>_SCHEDULE; a failed run is logged and counted, the next tick tries again', async () => {
    errors.length = 0;
    const job = Object.assign(new ProbeJob(), { failing: 2 });
    const { r, metrics } = runner([job], { JOB_PROBE_SCHEDULE: '100ms' });
    expect(r.list()[0].schedule).toBe('every 100 ms');
    const deadline = Date.now() + 5000;
    while (job.runs.length < 4 && Date.now() < deadline) await sleep(20);
    await r.beforeApplicationShutdown();
    const runsAtStop = job.runs.length;
    expect(runsAtStop).toBeGreaterThanOrEqual(4);
    expect(
      errors.filter((e) => e.includes('job probe failed (the next tick tries again): gateway timeout')),
    ).toHaveLength(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('job_failures_total{job="probe"} 2');
    expect(text).toMatch(new RegExp(`job_runs_total\\{job="probe",outcome="succeeded"\\} ${runsAtStop - 2}`));
    expect(r.list()[0].lastRun).toMatchObject({ outcome: 'succeeded' });
    await sleep(250);
    expect(job.runs.length).toBe(runsAtStop); // stopped with the app
    expect(job.maxConcurrent).toBe(1);
  });

  it('a slow job on a fast interval never overlaps itself', async () => {
    const job = Object.assign(new ProbeJob(), { holdMs: 250 });
    const { r, metrics } = runner([job], { JOB_PROBE_SCHEDULE: '100ms' });
    await sleep(1200);
    await r.beforeApplicationShutdown();
    expect(job.maxConcurrent).toBe(1);
    expect(job.runs.length).toBeGreaterThanOrEqual(2);
    expect(await metrics.registry.metrics()).toMatch(/job_runs_total\{job="probe",outcome="skipped"\} [1-9]/);
  });

  it('schedules nothing when jobs are switched off, and still runs on demand', async () => {
    const job = new ProbeJob('probe', '100ms');
    const { r } = runner([job], { JOBS_ENABLED: 'false' });
    await sleep(300);
    expect(job.runs).toHaveLength(0);
    expect(await r.trigger('probe')).toMatchObject({ outcome: 'succeeded' });
    expect(() => r.trigger('nope')).toThrow(/no job named nope/);
    await r.beforeApplicationShutdown();
  });

  it('a cron schedule is accepted and refused names are clear', () => {
    const { r } = runner([new ProbeJob()], { JOB_PROBE_SCHEDULE: '0 3 * * *' });
    expect(r.list()[0].schedule).toBe('cron "0 3 * * *"');
    void r.beforeApplicationShutdown();
    expect(() => runner([new ProbeJob(), new ProbeJob()])).toThrow(/two jobs are named probe/);
  });
});
