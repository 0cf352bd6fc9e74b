import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { ADMIN, AppProcess, cpuUse, machine, startApp, table } from './support';

/**
 * Enrollments from POST to `completed` (validated, accounts, payment method, teacher, demo
 * lesson, both emails), on the embedded database with the app in its own process.
 *   npm run bench:enrollment -- [enrollments=200] [concurrency=20]     (0: one at a time, each waiting for the last to complete)
 *   npm run bench:enrollment -- steady [rate/s=10] [seconds=60]        (submitted at a fixed rate, whatever the answers)
 * Latency is measured on the server's own clock: from EnrollmentSubmitted to EnrollmentCompleted.
 * What it leaves out: the payment gateway is the simulator (no STRIPE_SECRET_KEY: customers and
 * cards are rows in payment_gateway_simulator, no network), and emails are only queued in the
 * outbox (`completed` does not wait for them; no provider is configured, they are delivered
 * locally). A Stripe round trip per customer and card would add its own latency.
 * Before the measured enrollments, BENCH_WARMUP (default 200) more run the same way and are not
 * counted: a server that has run for a while has its code compiled by the JIT, and the first few
 * hundred enrollments after a start are slower (their figures are printed apart). BENCH_WARMUP=0
 * measures from a cold start.
 * BENCH_PROJECTOR=projections: the read models run in a second app process, the workflows in the first.
 * BENCH_APP_PROFILE=<dir>: each app process writes a CPU profile of its whole run there (app, or
 * workflows and read-models; `--cpu-prof`; npm run bench:profile summarizes it). BENCH_PG_STATEMENTS=1: the statements the server ran most are printed.
 */
const STEADY = process.argv[2] === 'steady';
const RATE = STEADY ? Number(process.argv[3] ?? 10) : 0;
const SECONDS = STEADY ? Number(process.argv[4] ?? 60) : 0;
const N = STEADY ? Math.round(RATE * SECONDS) : Number(process.argv[2] ?? 200);
const CONCURRENCY = STEADY ? 0 : Number(process.argv[3] ?? 20);
const PACED = !STEADY && CONCURRENCY === 0;
/** enrollments run first, the same way, and not counted (the JIT's warm-up) */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
if (!Number.isInteger(WARMUP) || WARMUP < 0) throw new Error(`BENCH_WARMUP must be a whole number (got ${WARMUP})`);
/** the targets of each mode (issue 17), printed beside the figures */
const TARGET = STEADY
  ? { p50: '', p95: '≤ 100 ms', step: '' }
  : PACED
    ? { p50: '≤ 25 ms', p95: '≤ 40 ms', step: '≤ 3 ms' }
    : { p50: '', p95: '≤ 2,000 ms', step: '', rate: '≥ 60/s' };
const everyDay = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => [
    d,
    [{ start: '09:00', end: '21:00' }],
  ]),
);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * The server's WAL flushes (with their time) and WAL bytes so far: a commit that waits for its
 * flush waits for the disk. Null where the server has no pg_stat_io for the WAL (before PostgreSQL 18).
 */
async function walUse(
  client: Client,
): Promise<{ flushes: number; flushMs: number; background: number; bytes: number } | null> {
  try {
    const { rows } = await client.query<{ flushes: string; flush_ms: string; background: string; bytes: string }>(
      `SELECT (SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal' AND backend_type = 'client backend') AS flushes,
              (SELECT sum(fsync_time) FROM pg_stat_io WHERE object = 'wal' AND backend_type = 'client backend') AS flush_ms,
              (SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal' AND backend_type <> 'client backend') AS background,
              pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS bytes`,
    );
    const r = rows[0];
    return {
      flushes: Number(r.flushes),
      background: Number(r.background),
      flushMs: Number(r.flush_ms),
      bytes: Number(r.bytes),
    };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  // 20 teachers, 4 per instrument, of 50 students each: more would wait on the waitlist, never completing
  if (WARMUP + N > 1_000)
    throw new Error(`the bench's 20 teachers take 1,000 students: warm-up ${WARMUP} + ${N} is more`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-enroll-'));
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  const db = await startEmbeddedPostgres({
    dataDir,
    logger: { log() {}, debug() {}, warn() {}, error() {} } as never,
    settings: {
      // how long the WAL flushes take (pg_stat_io); a few clock reads per flush
      track_wal_io_timing: 'on',
      ...(statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {}),
    },
  });
  const profileDir = process.env.BENCH_APP_PROFILE;
  // BENCH_PROJECTOR=projections: the read models run in a second app process (SUBSCRIPTIONS_MODE=projections),
  // the one under load runs the workflows and jobs (SUBSCRIPTIONS_MODE=sagas).
  const projectionsApart = process.env.BENCH_PROJECTOR === 'projections';
  let app: AppProcess | undefined;
  let projector: AppProcess | undefined;
  const profiling = (name: string) =>
    profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
  try {
    if (projectionsApart) {
      projector = await startApp(
        db.url,
        dataDir,
        { SUBSCRIPTIONS_MODE: 'projections', JOBS_ENABLED: 'false' },
        profiling('read-models'),
      );
    }
    app = await startApp(
      db.url,
      dataDir,
      projectionsApart ? { SUBSCRIPTIONS_MODE: 'sagas' } : {},
      profiling(projectionsApart ? 'workflows' : 'app'),
    );
    const base = app.base;
    const post = (url: string, body: unknown, token?: string) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const token = ((await (await post('/api/v1/auth/login', ADMIN)).json()) as { accessToken: string }).accessToken;
    const instruments = ['piano', 'guitar', 'violin', 'drums', 'voice'];
    for (let i = 0; i < 20; i++) {
      const res = await post(
        '/api/v1/teachers',
        {
          firstName: `T${i}`,
          lastName: 'Bench',
          email: `t${i}@bench.test`,
          instruments: [instruments[i % 5]],
          hourlyRate: 70,
          maxStudents: 50,
          availability: everyDay,
        },
        token,
      );
      if (res.status !== 201) throw new Error(`teacher: ${res.status}`);
    }

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const completed = async () =>
      (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM es_events WHERE type = 'EnrollmentCompleted'"))
        .rows[0].n;
    const enroll = (i: number) =>
      post('/api/v1/enrollments', {
        studentFirstName: `Kid${i}`,
        studentLastName: 'Bench',
        studentDateOfBirth: '2014-06-01',
        parentFirstName: 'Pat',
        parentLastName: `Bench${i}`,
        parentEmail: `parent${i}@bench.test`,
        parentPhone: '9025550100',
        instrument: instruments[i % 5],
        preferredLessonDay: 'wednesday',
        preferredLessonTime: 'evening',
        lessonDuration: 30,
        paymentToken: 'pm_card_visa',
        agreedToTerms: true,
      });
    /** enrollments `from` … `from + count - 1`, the way the mode says; each POST's answer time kept in `posted` */
    const runEnrollments = async (from: number, count: number, posted: number[]) => {
      if (STEADY) {
        const sent: Promise<void>[] = [];
        const t0 = performance.now();
        for (let k = 0; k < count; k++) {
          const wait = t0 + (k * 1000) / RATE - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const t = performance.now();
          sent.push(
            enroll(from + k).then(async (res) => {
              posted.push(performance.now() - t);
              if (res.status !== 202) throw new Error(`enrollment: ${res.status} ${await res.text()}`);
            }),
          );
        }
        await Promise.all(sent);
      } else {
        let next = from;
        await Promise.all(
          Array.from({ length: PACED ? 1 : CONCURRENCY }, async () => {
            while (next < from + count) {
              const i = next++;
              const t0 = performance.now();
              const res = await enroll(i);
              posted.push(performance.now() - t0);
              if (res.status !== 202) throw new Error(`enrollment: ${res.status} ${await res.text()}`);
              while (PACED && (await completed()) < i + 1) await new Promise((r) => setTimeout(r, 5));
            }
          }),
        );
      }
      for (const started = Date.now(); (await completed()) < from + count;) {
        if (Date.now() - started > 600_000) throw new Error(`enrollments did not complete in 10 minutes`);
        await new Promise((r) => setTimeout(r, PACED ? 5 : 100));
      }
    };

    // The warm-up: the same enrollments, not counted; the measured ones are those stored after it.
    const warmedUp = performance.now();
    await runEnrollments(0, WARMUP, []);
    const warmupSeconds = (performance.now() - warmedUp) / 1000;
    // What the warm-up left to do (its emails, the read models' last batches) is done before the
    // measured enrollments begin, so their CPU and WAL are theirs alone.
    for (const started = Date.now(); ;) {
      const { rows: due } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM email_outbox WHERE status IN ('pending', 'sending')",
      );
      if (due[0].n === 0) break;
      if (Date.now() - started > 120_000) throw new Error(`the warm-up's emails were not sent in 2 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (WARMUP > 0) await new Promise((r) => setTimeout(r, 1_000));
    const measuredAfter = Number(
      (await client.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM es_events')).rows[0].p,
    );

    if (statements) {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
    }
    const posted: number[] = [];
    const appPids = [app.child.pid, projector?.child.pid].filter((pid): pid is number => pid !== undefined);
    const walBefore = await walUse(client);
    const cpuBefore = cpuUse(appPids, dataDir);
    const wall0 = Date.now();
    await runEnrollments(WARMUP, N, posted);
    const wall = (Date.now() - wall0) / 1000;
    const cpuAfter = cpuUse(appPids, dataDir);
    const walAfter = await walUse(client);
    const latenciesOf = (measured: boolean) =>
      client.query<{ ms: number; submitted_rank: number; completed_rank: number }>(
        `SELECT extract(epoch FROM (c.recorded_at - s.recorded_at)) * 1000 AS ms,
                rank() OVER (ORDER BY s.recorded_at, s.position) AS submitted_rank,
                rank() OVER (ORDER BY c.recorded_at, c.position) AS completed_rank
           FROM es_events s JOIN es_events c ON c.stream_id = s.stream_id AND c.type = 'EnrollmentCompleted'
          WHERE s.type = 'EnrollmentSubmitted' AND (s.position > $1) = $2`,
        [measuredAfter, measured],
      );
    const { rows } = await latenciesOf(true);
    const warmup = (await latenciesOf(false)).rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    // Fairness: where the first tenth submitted ended, in the order of completion (0 first, 1 last),
    // and how long they took: when every run's steps interleave in log order, they end in order
    // but all together at the end, so the time says more than the place.
    const firstTenth = rows.filter((r) => Number(r.submitted_rank) <= Math.max(1, Math.round(rows.length / 10)));
    const firstTenthPlace =
      firstTenth.reduce((a, r) => a + (Number(r.completed_rank) - 1) / Math.max(1, rows.length - 1), 0) /
      Math.max(1, firstTenth.length);
    const firstTenthMs = firstTenth.map((r) => Number(r.ms)).sort((a, b) => a - b);
    // Where the time goes: each step's event after the one before it, in one enrollment's run
    // (a new family's run: every node of the workflow once, the family's step included).
    const steps = await client.query<{ type: string; ms: number }>(
      `WITH runs AS (
         SELECT metadata->>'correlationId' AS run, type, recorded_at,
                lag(recorded_at) OVER (PARTITION BY metadata->>'correlationId' ORDER BY position) AS before
           FROM es_events
          WHERE position > $1
            AND type IN ('EnrollmentSubmitted','EnrollmentValidated','FamilyConfirmed','StudentEnrolled','PaymentMethodSetUp',
                         'TeacherAssigned','DemoScheduled','EnrollmentCompleted'))
       SELECT type, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - before) * 1000) AS ms
         FROM runs WHERE before IS NOT NULL GROUP BY type ORDER BY min(recorded_at)`,
      [measuredAfter],
    );
    if (statements) {
      const { rows: busiest } = await client.query<{ calls: string; total_ms: string; mean_ms: string; query: string }>(
        `SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
           FROM pg_stat_statements WHERE toplevel ORDER BY calls DESC LIMIT 25`,
      );
      // Statements per enrollment by kind (the bench's own polling left out): where the round trips go.
      const { rows: kinds } = await client.query<{ kind: string; calls: string; total_ms: string }>(
        `SELECT CASE
                  WHEN q LIKE '%FROM es_events WHERE stream_id = $1 AND stream_position%' THEN 'stream read'
                  WHEN q LIKE '%FROM es_events WHERE stream_id = r.stream_id%' THEN 'stream read (several streams)'
                  WHEN q LIKE '%FROM es_events WHERE position > $1%' THEN 'log read'
                  WHEN q LIKE '%es_append(%' THEN 'append'
                  WHEN q LIKE '%subscription_checkpoints%' THEN 'checkpoint move'
                  WHEN q LIKE '%pg_notify%' THEN 'NOTIFY'
                  WHEN q IN ('BEGIN', 'COMMIT', 'ROLLBACK') OR q LIKE 'SAVEPOINT%' OR q LIKE 'RELEASE%' THEN 'BEGIN/COMMIT'
                  WHEN q ILIKE 'select%' OR q ILIKE 'with%select%' AND q NOT ILIKE '%insert%' THEN 'other read (read models, claims…)'
                  ELSE 'other write (read models, outbox…)'
                END AS kind, sum(calls)::text AS calls, round(sum(total_exec_time)::numeric, 0)::text AS total_ms
           FROM (SELECT btrim(regexp_replace(query, '\\s+', ' ', 'g')) AS q, calls, total_exec_time
                   FROM pg_stat_statements WHERE toplevel) s
          WHERE q NOT LIKE '%count(*)::int AS n FROM es_events WHERE type%' AND q NOT LIKE '%pg_stat_statements%'
          GROUP BY 1 ORDER BY sum(calls) DESC`,
      );
      const perRun = (n: string) => (Number(n) / N).toFixed(1);
      process.stdout.write(
        `\nStatements per enrollment by kind (top-level, the bench's own polling left out; ${N} enrollments):\n\n${table(
          ['kind', 'per enrollment', 'server ms per enrollment'],
          [
            ...kinds.map((r) => [r.kind, perRun(r.calls), (Number(r.total_ms) / N).toFixed(2)]),
            [
              'all',
              perRun(String(kinds.reduce((a, r) => a + Number(r.calls), 0))),
              (kinds.reduce((a, r) => a + Number(r.total_ms), 0) / N).toFixed(2),
            ],
          ],
        )}`,
      );
      process.stdout.write(
        `\nBusiest statements over the enrollments (top-level; ${N} enrollments):\n\n${table(
          ['calls', 'total ms', 'mean ms', 'statement'],
          busiest.map((r) => [r.calls, r.total_ms, r.mean_ms, r.query.replace(/\|/g, '\\|')]),
        )}`,
      );
    }
    await client.end();
    const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    posted.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1);
    const how = STEADY
      ? `submitted at ${RATE}/s for ${SECONDS} s`
      : PACED
        ? 'one at a time'
        : `${CONCURRENCY} at a time`;
    process.stdout.write(
      WARMUP > 0
        ? `\nwarm-up (not counted): the first ${WARMUP} enrollments after the app started, the same way, in ` +
            `${warmupSeconds.toFixed(1)} s: submitted → completed p50 ${f(pct(warmup, 50))} ms, p95 ${f(pct(warmup, 95))} ms\n`
        : "\nno warm-up (BENCH_WARMUP=0): measured from the app's start\n",
    );
    process.stdout.write(
      `\n${N} enrollments${WARMUP > 0 ? ` after the warm-up` : ''}, ${how}, all completed in ${wall.toFixed(1)} s (${(N / wall).toFixed(1)}/s${'rate' in TARGET ? `; target ${TARGET.rate}` : ''}) (${machine()})\n\n`,
    );
    process.stdout.write(
      '| measure | p50 ms | p95 ms | p99 ms | max ms | target p50 | target p95 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n',
    );
    process.stdout.write(
      `| POST /api/v1/enrollments → 202 | ${f(pct(posted, 50))} | ${f(pct(posted, 95))} | ${f(pct(posted, 99))} | ${f(posted[posted.length - 1])} |  |  |\n`,
    );
    process.stdout.write(
      `| submitted → completed (7 workflow steps) | ${f(pct(latencies, 50))} | ${f(pct(latencies, 95))} | ${f(pct(latencies, 99))} | ${f(latencies[latencies.length - 1])} | ${TARGET.p50} | ${TARGET.p95} |\n`,
    );
    const stepMedians = steps.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    process.stdout.write(
      `\nmedian time to each step's event from the previous one: ${steps.rows.map((r) => `${r.type} ${f(Number(r.ms))} ms`).join(', ')}; the median step ${f(stepMedians[Math.floor(stepMedians.length / 2)] ?? NaN)} ms${TARGET.step ? ` (target ${TARGET.step})` : ''}\n`,
    );
    if (!PACED) {
      process.stdout.write(
        `fairness: the first tenth submitted completed at ${firstTenthPlace.toFixed(2)} of the order of completion on average (0 first, 1 last), ` +
          `submitted → completed p50 ${f(pct(firstTenthMs, 50))} ms, max ${f(firstTenthMs[firstTenthMs.length - 1])} ms (all: p50 ${f(pct(latencies, 50))} ms)\n`,
      );
    }
    if (cpuBefore && cpuAfter) {
      const perEnrollment = (s: number) => `${((s * 1000) / N).toFixed(1)} ms`;
      process.stdout.write(
        `CPU per enrollment (user + system, from the first submission to the last completion): ` +
          `app ${perEnrollment(cpuAfter.app - cpuBefore.app)}` +
          (projector
            ? ` (workflows ${perEnrollment(cpuAfter.perApp[0] - cpuBefore.perApp[0])}, ` +
              `read models ${perEnrollment(cpuAfter.perApp[1] - cpuBefore.perApp[1])})`
            : '') +
          ', ' +
          `database ${perEnrollment(cpuAfter.database - cpuBefore.database)}\n`,
      );
    }
    if (walBefore && walAfter) {
      const per = (a: number, b: number) => (a - b) / N;
      const flushes = per(walAfter.flushes, walBefore.flushes);
      process.stdout.write(
        `WAL per enrollment: ${flushes.toFixed(1)} flushes by the server's backends (a commit waiting for the disk) of ` +
          `${(per(walAfter.flushMs, walBefore.flushMs) / flushes).toFixed(3)} ms each, ` +
          `${per(walAfter.background, walBefore.background).toFixed(1)} by its background writers, ` +
          `${(per(walAfter.bytes, walBefore.bytes) / 1024).toFixed(1)} KiB written (the bench's own polling included)\n`,
      );
    }
    process.stdout.write(
      'payment gateway: the simulator (no network); emails: queued in the outbox only, not sent to a provider\n' +
        `layout: ${projectionsApart ? 'read models in a second process (BENCH_PROJECTOR=projections)' : 'one process'}\n`,
    );
  } finally {
    await app?.stop();
    await projector?.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
