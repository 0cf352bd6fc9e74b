import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * Enrollments from POST to `completed` (validated, accounts, payment method, teacher, demo
 * lesson, both emails), on the embedded database with the app in its own process.
 *   npm run bench:enrollment -- [enrollments=200] [concurrency=20]     (0: one at a time, each waiting for the last to complete)
 * Latency is measured on the server's own clock: from EnrollmentSubmitted to EnrollmentCompleted.
 * What it leaves out: the payment gateway is the simulator (no STRIPE_SECRET_KEY: customers and
 * cards are rows in payment_gateway_simulator, no network), and emails are only queued in the
 * outbox (`completed` does not wait for them; no provider is configured, they are delivered
 * locally). A Stripe round trip per customer and card would add its own latency.
 */
const N = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 20);
const PACED = CONCURRENCY === 0;
const ADMIN = { email: 'bench@cedarheights.test', password: 'bench-password-123' };
const everyDay = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => [d, [{ start: '09:00', end: '21:00' }]]),
);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-enroll-'));
  const db = await startEmbeddedPostgres({ dataDir, logger: { log() {}, debug() {}, warn() {}, error() {} } as never });
  let app: ChildProcess | undefined;
  try {
    const port = await freePort();
    app = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PAYMENT_GATEWAY: 'simulated', PORT: String(port), LOG_LEVEL: 'error', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ENROLLMENT_RATE_LIMIT_PER_MINUTE: '1000000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (const started = Date.now(); !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); ) {
      if (Date.now() - started > 60_000) throw new Error('the app did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const post = (url: string, body: unknown, token?: string) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const token = ((await (await post('/api/v1/auth/login', ADMIN)).json()) as { accessToken: string }).accessToken;
    const instruments = ['piano', 'guitar', 'violin', 'drums', 'voice'];
    for (let i = 0; i < 20; i++) {
      const res = await post('/api/v1/teachers', { firstName: `T${i}`, lastName: 'Bench', email: `t${i}@bench.test`, instruments: [instruments[i % 5]], hourlyRate: 70, maxStudents: 50, availability: everyDay }, token);
      if (res.status !== 201) throw new Error(`teacher: ${res.status}`);
    }

    let next = 0;
    const posted: number[] = [];
    const wall0 = Date.now();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const completed = async () => (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM es_events WHERE type = 'EnrollmentCompleted'")).rows[0].n;
    await Promise.all(
      Array.from({ length: PACED ? 1 : CONCURRENCY }, async () => {
        while (next < N) {
          const i = next++;
          const t0 = performance.now();
          const res = await post('/api/v1/enrollments', {
            studentFirstName: `Kid${i}`, studentLastName: 'Bench', studentDateOfBirth: '2014-06-01', parentFirstName: 'Pat', parentLastName: `Bench${i}`,
            parentEmail: `parent${i}@bench.test`, parentPhone: '9025550100', instrument: instruments[i % 5], preferredLessonDay: 'wednesday',
            preferredLessonTime: 'evening', lessonDuration: 30, paymentToken: 'pm_card_visa', agreedToTerms: true,
          });
          posted.push(performance.now() - t0);
          if (res.status !== 202) throw new Error(`enrollment: ${res.status} ${await res.text()}`);
          while (PACED && (await completed()) < i + 1) await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    for (;;) {
      const n = await completed();
      if (n >= N) break;
      if (Date.now() - wall0 > 600_000) throw new Error(`only ${n} of ${N} completed in 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (Date.now() - wall0) / 1000;
    const { rows } = await client.query<{ ms: number }>(
      `SELECT extract(epoch FROM (c.recorded_at - s.recorded_at)) * 1000 AS ms
         FROM es_events s JOIN es_events c ON c.stream_id = s.stream_id AND c.type = 'EnrollmentCompleted'
        WHERE s.type = 'EnrollmentSubmitted'`,
    );
    // Where the time goes: each step's event after the one before it, in one enrollment's run.
    const steps = await client.query<{ type: string; ms: number }>(
      `WITH runs AS (
         SELECT metadata->>'correlationId' AS run, type, recorded_at,
                lag(recorded_at) OVER (PARTITION BY metadata->>'correlationId' ORDER BY position) AS before
           FROM es_events
          WHERE type IN ('EnrollmentSubmitted','EnrollmentValidated','StudentEnrolled','PaymentMethodSetUp','TeacherAssigned','DemoScheduled','EnrollmentCompleted'))
       SELECT type, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - before) * 1000) AS ms
         FROM runs WHERE before IS NOT NULL GROUP BY type ORDER BY min(recorded_at)`,
    );
    await client.end();
    const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    posted.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(`\n${N} enrollments, ${PACED ? 'one at a time' : `${CONCURRENCY} at a time`}, all completed in ${wall.toFixed(1)} s (${(N / wall).toFixed(1)}/s)\n\n`);
    process.stdout.write('| measure | p50 ms | p95 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |\n');
    process.stdout.write(`| POST /api/v1/enrollments → 202 | ${f(pct(posted, 50))} | ${f(pct(posted, 95))} | ${f(pct(posted, 99))} | ${f(posted[posted.length - 1])} |\n`);
    process.stdout.write(`| submitted → completed (6 workflow steps) | ${f(pct(latencies, 50))} | ${f(pct(latencies, 95))} | ${f(pct(latencies, 99))} | ${f(latencies[latencies.length - 1])} |\n`);
    process.stdout.write(`\nmedian time to each step's event from the previous one: ${steps.rows.map((r) => `${r.type} ${f(Number(r.ms))} ms`).join(', ')}\n`);
    process.stdout.write('payment gateway: the simulator (no network); emails: queued in the outbox only, not sent to a provider\n');
  } finally {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
