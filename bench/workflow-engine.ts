import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { CommandContext } from '../src/cqrs/command-context';
import { CommandExecutor } from '../src/cqrs/command-executor';
import { migrate, ormOptions } from '../src/database/orm.config';
import { RecordedEvent } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { Metrics } from '../src/operations/metrics';
import { SystemClock } from '../src/shared/clock';
import { Decider } from '../src/shared/decider';
import { SYSTEM_ACTOR } from '../src/shared/request-context';
import { ReactorHandler } from '../src/subscriptions/checkpointed-handlers';
import { SubscriptionRunner } from '../src/subscriptions/subscription-runner';
import { DEFAULT_SUBSCRIPTIONS_OPTIONS } from '../src/subscriptions/subscriptions.options';
import { WorkflowDefinition } from '../src/workflows/workflow-definition';
import { NodeCommandFactory, WorkflowSaga } from '../src/workflows/workflow.saga';

/**
 * One engine of `bench:workflow`, in its own process (forked by bench/workflow.ts):
 *   node dist/bench/workflow-engine.js <ours|dbos> <database url> <json plan>
 * Runs one workflow shape, six steps, each step one small write (an INSERT of the step's row,
 * stamped with the server's clock) and one read (a SELECT of the run's rows), then reports per
 * run when it was started and when it ended (this process's clock), and the server's stamps
 * of each step. The parent compares both engines.
 */
export const STEPS = 6;

export interface Plan {
  /** workflows one at a time (the idle per-step latency) */
  idle: number;
  /** workflows started at once */
  burst: number;
  /** steady rate: workflows per second, for seconds */
  rate: number;
  seconds: number;
}

export interface RunTiming {
  run: string;
  /** ms, this process's clock */
  startedAt: number;
  endedAt: number;
}

export interface PhaseResult {
  runs: RunTiming[];
  /** per run, ms between consecutive steps' rows, on the server's clock */
  stepGaps: number[];
}

export interface EngineResult {
  engine: string;
  version: string;
  idle: PhaseResult;
  burst: PhaseResult;
  steady: PhaseResult;
}

interface Engine {
  name: string;
  version: string;
  /** starts one workflow; resolves when it has ended */
  run(runId: string): Promise<void>;
  close(): Promise<void>;
}

const STEP_TABLE = `CREATE TABLE IF NOT EXISTS bench_workflow_steps (
  run text NOT NULL, step int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (run, step))`;

/** The step's own work, the same on both engines: one small write, one read. Idempotent, as a step run twice must be. */
async function stepWork(pool: Pool, run: string, step: number): Promise<number> {
  await pool.query('INSERT INTO bench_workflow_steps (run, step) VALUES ($1, $2) ON CONFLICT DO NOTHING', [run, step]);
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM bench_workflow_steps WHERE run = $1',
    [run],
  );
  return rows[0].n;
}

// ---- ours: the app's saga engine (event store, subscription runner, checkpointed saga handler, workflow saga, command executor)

const stepDone = (step: number) => `BenchStep${step}Done`;
const BENCH_WORKFLOW: WorkflowDefinition = {
  name: 'bench',
  description: 'six steps, each one small write and one read',
  startsWith: ['BenchWorkflowStarted'],
  nodes: Array.from({ length: STEPS }, (_, i) => ({
    name: `Step${i + 1}`,
    command: 'BenchStep',
    on: [i === 0 ? 'BenchWorkflowStarted' : stepDone(i)],
    emits: [stepDone(i + 1)],
  })),
};

class BenchStep implements ICommand {
  constructor(
    readonly run: string,
    readonly step: number,
    readonly context: CommandContext,
    /** the event of the run's stream that triggered the step (as the enrollment steps get theirs) */
    readonly trigger: RecordedEvent,
  ) {}
}

type BenchEvent = { type: string; data: { run: string; step: number } };
const runDecider: Decider<{ type: 'CompleteStep'; run: string; step: number }, number, BenchEvent> = {
  initialState: () => 0,
  evolve: (done, e) => (e.type.startsWith('BenchStep') ? Math.max(done, e.data.step) : done),
  decide: (c, done) => (done >= c.step ? [] : [{ type: stepDone(c.step), data: { run: c.run, step: c.step } }]),
};

class BenchWorkflow extends WorkflowSaga {
  readonly definition = BENCH_WORKFLOW;
  protected readonly commands: Record<string, NodeCommandFactory> = Object.fromEntries(
    BENCH_WORKFLOW.nodes.map((n, i) => [
      n.name,
      (e, ctx) => new BenchStep((e.data as { run: string }).run, i + 1, ctx, e),
    ]),
  );

  constructor(bus: CommandBus) {
    super(bus, new SystemClock());
  }
}

async function ours(url: string): Promise<Engine> {
  await migrate(url);
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(STEP_TABLE);
  const store = new PostgresEventStore(pool, undefined, { connectionString: url });
  const metrics = new Metrics();
  const executor = new CommandExecutor(store, metrics);
  const orm = await MikroORM.init(ormOptions(url));
  const ended = new Map<string, () => void>();
  const bus = {
    async execute(command: BenchStep) {
      const stream = `benchrun-${command.run}`;
      // The run's stream from the event that triggered the step, when this process knows what came before it.
      const [known] = await Promise.all([
        executor.history(stream, runDecider, command.trigger),
        stepWork(pool, command.run, command.step),
      ]);
      await executor.execute(
        stream,
        runDecider,
        { type: 'CompleteStep', run: command.run, step: command.step },
        command.context,
        known,
      );
      if (command.step === STEPS) ended.get(command.run)?.();
    },
  } as unknown as CommandBus;
  const saga = new BenchWorkflow(bus);
  saga.validate();
  const runner = new SubscriptionRunner(
    new ReactorHandler(saga, orm),
    store,
    // as the app wires it (SubscriptionsService): a step's event goes to its run at once
    { ...DEFAULT_SUBSCRIPTIONS_OPTIONS.saga, storedHere: (listener) => executor.onStored(listener) },
    metrics,
  );
  await runner.start();
  return {
    name: 'ours (saga engine on the event store)',
    version: process.env.npm_package_version ?? 'this tree',
    run(run) {
      const done = new Promise<void>((resolve) => ended.set(run, resolve));
      const correlationId = randomUUID();
      return store
        .append(
          `benchrun-${run}`,
          [
            {
              eventId: randomUUID(),
              type: 'BenchWorkflowStarted',
              data: { run },
              metadata: {
                correlationId,
                causationId: null,
                actor: SYSTEM_ACTOR,
                occurredAt: new Date().toISOString(),
                schemaVersion: 1,
              },
            },
          ],
          'no_stream',
        )
        .then(() => done)
        .finally(() => ended.delete(run));
    },
    async close() {
      await runner.stop();
      await store.close();
      await orm.close(true);
      await pool.end();
    },
  };
}

// ---- DBOS: durable workflows on PostgreSQL (@dbos-inc/dbos-sdk), its default settings

async function dbos(url: string): Promise<Engine> {
  const { DBOS } = await import('@dbos-inc/dbos-sdk');
  const main = require.resolve('@dbos-inc/dbos-sdk');
  const root = main.slice(0, main.lastIndexOf('dbos-sdk') + 'dbos-sdk'.length);
  const version = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string }).version;
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(STEP_TABLE);
  const workflow = DBOS.registerWorkflow(
    async (run: string) => {
      for (let step = 1; step <= STEPS; step++)
        await DBOS.runStep(() => stepWork(pool, run, step), { name: `step${step}` });
    },
    { name: 'bench' },
  );
  DBOS.setConfig({ name: 'cedar-bench', applicationVersion: '1', systemDatabaseUrl: url, logLevel: 'error' });
  await DBOS.launch();
  return {
    name: 'DBOS (@dbos-inc/dbos-sdk)',
    version,
    async run(run) {
      const handle = await DBOS.startWorkflow(workflow, { workflowID: run })(run);
      await handle.getResult();
    },
    async close() {
      await DBOS.shutdown();
      await pool.end();
    },
  };
}

async function phase(
  engine: Engine,
  pool: Pool,
  start: (go: (run: string) => Promise<RunTiming>) => Promise<RunTiming[]>,
): Promise<PhaseResult> {
  const go = async (run: string): Promise<RunTiming> => {
    const startedAt = performance.now();
    await engine.run(run);
    return { run, startedAt, endedAt: performance.now() };
  };
  const runs = await start(go);
  const { rows } = await pool.query<{ ms: number }>(
    `SELECT extract(epoch FROM at - lag(at) OVER (PARTITION BY run ORDER BY step)) * 1000 AS ms
       FROM bench_workflow_steps WHERE run = ANY($1::text[])`,
    [runs.map((r) => r.run)],
  );
  return { runs, stepGaps: rows.filter((r) => r.ms !== null).map((r) => Number(r.ms)) };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const [which, url, planJson] = process.argv.slice(2);
  const plan = JSON.parse(planJson) as Plan;
  const engine = which === 'dbos' ? await dbos(url) : await ours(url);
  const pool = new Pool({ connectionString: url, max: 2 });
  const id = (label: string, i: number) => `${label}-${i}-${randomUUID().slice(0, 8)}`;
  try {
    // warm-up: connections, plans, JIT
    await Promise.all(Array.from({ length: 10 }, (_, i) => engine.run(id('warm', i))));
    const idle = await phase(engine, pool, async (go) => {
      const runs: RunTiming[] = [];
      for (let i = 0; i < plan.idle; i++) {
        runs.push(await go(id('idle', i)));
        await new Promise((r) => setTimeout(r, 20));
      }
      return runs;
    });
    const burst = await phase(engine, pool, (go) =>
      Promise.all(Array.from({ length: plan.burst }, (_, i) => go(id('burst', i)))),
    );
    const steady = await phase(engine, pool, async (go) => {
      const started: Promise<RunTiming>[] = [];
      const t0 = performance.now();
      const total = Math.round(plan.rate * plan.seconds);
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / plan.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        started.push(go(id('steady', i)));
      }
      return Promise.all(started);
    });
    const result: EngineResult = { engine: engine.name, version: engine.version, idle, burst, steady };
    process.send?.(result);
  } finally {
    await pool.end();
    await engine.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
