import { fork } from 'node:child_process';
import * as path from 'node:path';
import { benchDatabase, machine, percentile, run, table } from './support';
import { EngineResult, PhaseResult, Plan, STEPS } from './workflow-engine';

/**
 * One workflow shape, six steps (each one small PostgreSQL write and one read), on our saga
 * engine and on DBOS (@dbos-inc/dbos-sdk, durable workflows on PostgreSQL), against the same
 * embedded PostgreSQL (one database each), each engine in its own process, one after the other:
 *   npm run bench:workflow -- [idle runs=30] [burst=200] [steady rate/s=10] [steady seconds=20]
 * - idle: one workflow at a time; the per-step latency is the time between two consecutive
 *   steps' rows, stamped by the server's clock (clock_timestamp()) in the step's own write;
 * - burst: all started at once; workflows/s from the first start to the last end, latency from
 *   each start to its end, and the order in which they end against the order they started;
 * - steady: started at a fixed rate, latency from each start to its end.
 */
const plan: Plan = {
  idle: Number(process.argv[2] ?? 30),
  burst: Number(process.argv[3] ?? 200),
  rate: Number(process.argv[4] ?? 10),
  seconds: Number(process.argv[5] ?? 20),
};

function engine(which: 'ours' | 'dbos', url: string): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.resolve(__dirname, 'workflow-engine.js'), [which, url, JSON.stringify(plan)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: EngineResult | undefined;
    child.on('message', (m) => (result = m as EngineResult));
    child.on('error', reject);
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`${which} exited with ${code} before reporting`)),
    );
  });
}

interface Summary {
  stepP50: number;
  stepP95: number;
  latencyP50: number;
  latencyP95: number;
  perSecond: number;
  /** the first tenth started: where they ended, as a share of the run (0 first, 1 last) */
  firstTenthEndRank: number;
}

function summarize(p: PhaseResult): Summary {
  const gaps = [...p.stepGaps].sort((a, b) => a - b);
  const latencies = p.runs.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
  const first = Math.min(...p.runs.map((r) => r.startedAt));
  const last = Math.max(...p.runs.map((r) => r.endedAt));
  const byStart = [...p.runs].sort((a, b) => a.startedAt - b.startedAt);
  const endRank = new Map(
    [...p.runs].sort((a, b) => a.endedAt - b.endedAt).map((r, i) => [r.run, i / Math.max(1, p.runs.length - 1)]),
  );
  const tenth = byStart.slice(0, Math.max(1, Math.round(byStart.length / 10)));
  return {
    stepP50: percentile(gaps, 50),
    stepP95: percentile(gaps, 95),
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
    perSecond: (p.runs.length * 1000) / (last - first),
    firstTenthEndRank: tenth.reduce((a, r) => a + endRank.get(r.run)!, 0) / tenth.length,
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase('workflow');
  try {
    const ours = await engine('ours', await db.create('wf_ours'));
    const dbos = await engine('dbos', await db.create('wf_dbos'));
    const o = { idle: summarize(ours.idle), burst: summarize(ours.burst), steady: summarize(ours.steady) };
    const d = { idle: summarize(dbos.idle), burst: summarize(dbos.burst), steady: summarize(dbos.steady) };
    const f = (n: number) => n.toFixed(1);
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    process.stdout.write(
      `\nA ${STEPS}-step workflow (each step one small write and one read), ours and DBOS ${dbos.version}, on one embedded PostgreSQL (${machine()})\n\n`,
    );
    /** one measure of both engines, with ours over DBOS's */
    const compare = (label: string, pick: (r: typeof o) => number, target: string) => [
      label,
      f(pick(o)),
      f(pick(d)),
      ratio(pick(o), pick(d)),
      target,
    ];
    process.stdout.write(
      table(
        ['measure', 'ours', 'DBOS', 'ours / DBOS', 'target'],
        [
          compare(
            `idle: time from one step to the next, p50 ms (${plan.idle} workflows one at a time)`,
            (r) => r.idle.stepP50,
            'ours ≤ DBOS; ≤ 3 ms',
          ),
          compare('idle: time from one step to the next, p95 ms', (r) => r.idle.stepP95, ''),
          compare('idle: start → end p50 ms', (r) => r.idle.latencyP50, ''),
          compare(`burst of ${plan.burst} started at once: workflows/s`, (r) => r.burst.perSecond, 'ours ≥ DBOS'),
          compare('burst: start → end p50 ms', (r) => r.burst.latencyP50, ''),
          compare('burst: start → end p95 ms', (r) => r.burst.latencyP95, 'ours ≤ DBOS'),
          [
            'burst: the first tenth started, mean place in the order of ending (0 first, 1 last)',
            o.burst.firstTenthEndRank.toFixed(2),
            d.burst.firstTenthEndRank.toFixed(2),
            '',
            'fair: near 0.05',
          ],
          compare(`steady ${plan.rate}/s for ${plan.seconds} s: start → end p50 ms`, (r) => r.steady.latencyP50, ''),
          compare(`steady ${plan.rate}/s: start → end p95 ms`, (r) => r.steady.latencyP95, 'ours ≤ DBOS'),
          compare('steady: time from one step to the next, p50 ms', (r) => r.steady.stepP50, ''),
        ],
      ),
    );
    process.stdout.write(
      `\nours: each step's outcome is an event appended with its expected revision; the saga reads the log from its checkpoint (subscription runner, default saga settings), issues the next step's command.\n` +
        `DBOS: a workflow function, each step a DBOS.runStep (its outcome checkpointed in DBOS's system tables), started with DBOS.startWorkflow, default settings.\n` +
        'Both: the same step work on a pool of 10 connections; one engine at a time, each in its own process.\n',
    );
  } finally {
    await db.dispose();
  }
}

run(main);
