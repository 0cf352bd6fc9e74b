import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import { portFrom } from '../support/ports';
import { crashSeed, KillableApp, MAIN, seeded, sleep, until } from './killable-app';

/**
 * The database killed, not the app: an embedded PostgreSQL with the settings `npm start` runs
 * (fsync, synchronous_commit and full_page_writes on, unlike the test cluster), its postmaster and
 * every backend killed with SIGKILL while enrollments and payments are appended and projected,
 * then started again (crash recovery from the WAL). Afterwards: every request the app
 * acknowledged has its event in the log, no workflow step happened twice, and every read model
 * equals a rebuild from position 0.
 */
const ADMIN = { email: 'dbcrash@cedarheights.test', password: 'dbcrash-password-1' };
const CYCLES = 4;
const PER_CYCLE = 4;
/** server settings beyond `npm start`'s (none: its defaults, fsync and synchronous_commit on) */
const SETTINGS: Record<string, string> = {};
const SEED = crashSeed('database crash suite', 0xdb_2026);
/** Starts the embedded PostgreSQL as the app does (dist/, default settings: fsync on), prints its URL, stays up. */
const SERVER = `
  const { startEmbeddedPostgres } = require(process.argv[1]);
  const quiet = { log() {}, debug() {}, warn() {}, error: (m) => process.stderr.write(String(m) + '\\n') };
  startEmbeddedPostgres({ dataDir: process.argv[2], port: Number(process.argv[3]), logger: quiet, settings: JSON.parse(process.argv[4]) }).then(
    (db) => process.stdout.write(JSON.stringify({ url: db.url }) + '\\n'),
    (err) => { process.stderr.write(String(err && err.stack || err) + '\\n'); process.exit(1); },
  );
  setInterval(() => {}, 1 << 30);
`;

describe('acknowledged events survive kill -9 of PostgreSQL', () => {
  let pgDir: string;
  let appDir: string;
  let pgPort: number;
  let url: string;
  let server: ChildProcess | undefined;
  let app: KillableApp;
  const random = seeded(SEED);
  const api = (method: string, url: string, body?: unknown, token?: string, key?: string) =>
    app.api(method, url, body, token, key);

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** SIGKILL to the postmaster and every process it started: what a power cut leaves. */
  async function killDatabase(): Promise<number> {
    const postmaster = Number(readFileSync(path.join(pgDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      /* none */
    }
    for (const pid of [postmaster, ...children]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    for (let i = 0; i < 200 && [postmaster, ...children].some(alive); i++) await sleep(25);
    return children.length;
  }
  /** The server in a process of its own (the package is an ES module jest cannot load), as `npm start` starts it. */
  const startDatabase = async () => {
    server?.kill('SIGKILL'); // the last one's launcher: its server is gone already
    const child = spawn(
      process.execPath,
      [
        '-e',
        SERVER,
        path.resolve(__dirname, '../../dist/src/database/embedded-postgres.js'),
        pgDir,
        String(pgPort),
        JSON.stringify(SETTINGS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    server = child;
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`the database did not start (exit ${code})`)));
    });
  };

  /** Acknowledged enrollments and payments whose first event the log does not hold. */
  async function missing(acknowledged: {
    enrollments: string[];
    payments: string[];
  }): Promise<{ enrollments: string[]; payments: string[] }> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const ids = async (type: string, key: string) =>
        new Set(
          (await client.query(`SELECT data->>'${key}' AS id FROM es_events WHERE type = $1`, [type])).rows.map(
            (r: { id: string }) => r.id,
          ),
        );
      const submitted = await ids('EnrollmentSubmitted', 'enrollmentId');
      const requested = await ids('PaymentRequested', 'paymentId');
      return {
        enrollments: acknowledged.enrollments.filter((id) => !submitted.has(id)),
        payments: acknowledged.payments.filter((id) => !requested.has(id)),
      };
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('npm test builds dist/ first');
    pgDir = mkdtempSync(path.join(tmpdir(), 'cedar-dbcrash-pg-'));
    appDir = mkdtempSync(path.join(tmpdir(), 'cedar-dbcrash-app-'));
    pgPort = await freePort();
    await startDatabase();
    app = new KillableApp(
      await portFrom('databaseCrash'),
      {
        DATABASE_URL: url,
        PAYMENT_GATEWAY: 'simulated',
        DATA_DIR: appDir,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ENROLLMENT_RATE_LIMIT_PER_MINUTE: '100000',
        JWT_SECRET: 'database-crash-suite-jwt-secret-0123456789',
        DATA_ENCRYPTION_KEY: 'database-crash-suite-data-key-0123456789',
      },
      random,
    );
  }, 60_000);
  afterAll(async () => {
    if (app?.running) await app.kill();
    try {
      const pid = Number(readFileSync(path.join(pgDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
    } catch {
      /* not running */
    }
    server?.kill('SIGKILL');
    for (const dir of [pgDir, appDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged event through ${CYCLES} kills of the database`, async () => {
    const began = Date.now();
    await app.start();
    const login = async () => (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    let token = await login();
    const teacher = await api(
      'POST',
      '/api/v1/teachers',
      {
        firstName: 'Clara',
        lastName: 'Keys',
        email: 'clara@dbcrash.test',
        instruments: ['piano'],
        hourlyRate: 70,
        maxStudents: 30,
        availability: {
          monday: [{ start: '09:00', end: '21:00' }],
          wednesday: [{ start: '09:00', end: '21:00' }],
          saturday: [{ start: '09:00', end: '17:00' }],
        },
      },
      token,
      'teacher-clara',
    );
    expect(teacher.status).toBe(201);

    const acknowledged = { enrollments: [] as string[], payments: [] as string[] };
    let refused = 0;
    let backends = 0;
    let appRestarts = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // Enrollments (and payments for the students already there) in flight, then the database goes.
      // Students of the enrollments acknowledged so far, once their workflows have made them.
      const students: { id: string }[] = [];
      let statuses: unknown[] = [];
      await until(
        'the acknowledged enrollments to have their students',
        async () => {
          const views = await Promise.all(
            acknowledged.enrollments.map(
              async (id) => (await api('GET', `/api/v1/enrollments/${id}`, undefined, token)).body,
            ),
          );
          statuses = views.map((v) => v.status ?? v);
          students.splice(
            0,
            students.length,
            ...views.filter((v) => v.studentId).map((v) => ({ id: v.studentId as string })),
          );
          return views.every((v) => v.status === 'completed');
        },
        45_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(statuses).slice(0, 600)}`);
      });
      const sent = [
        ...Array.from({ length: PER_CYCLE }, (_, j) => {
          const i = cycle * PER_CYCLE + j;
          return api(
            'POST',
            '/api/v1/enrollments',
            {
              studentFirstName: `Kid${i}`,
              studentLastName: 'Dbcrash',
              studentDateOfBirth: '2015-03-03',
              parentFirstName: 'Pat',
              parentLastName: `Dbcrash${i}`,
              parentEmail: `parent${i}@dbcrash.test`,
              parentPhone: '9025550100',
              instrument: 'piano',
              preferredLessonDay: i % 2 ? 'monday' : 'wednesday',
              lessonDuration: 30,
              paymentToken: 'pm_card_visa',
              agreedToTerms: true,
            },
            undefined,
            `enroll-${i}`,
          ).then((res) => ({ kind: 'enrollments' as const, res, id: res.body.enrollmentId as string }));
        }),
        ...students.slice(-PER_CYCLE).map((s, j) =>
          api(
            'POST',
            '/api/v1/payments/process',
            {
              studentId: s.id,
              amount: 40 + j,
              paymentMethodId: 'pm_card_visa',
              description: `Lessons ${cycle}-${j}`,
            },
            token,
            `pay-${cycle}-${j}`,
          ).then((res) => ({ kind: 'payments' as const, res, id: res.body.paymentId as string })),
        ),
      ].map((p) => p.catch(() => null));
      await sleep(20 + Math.floor(random() * 150));
      backends += await killDatabase();
      const answers = await Promise.all(sent);
      for (const a of answers) {
        if (a && a.res.status < 300 && a.id) acknowledged[a.kind].push(a.id);
        else refused++;
      }
      await startDatabase();
      // Recovered from its WAL: every acknowledged request's event is there.
      expect(await missing(acknowledged)).toEqual({ enrollments: [], payments: [] });
      // The app may have stayed up (pools reconnect) or gone down with its database: either way, up again.
      if (!app.running) {
        appRestarts++;
        await app.start();
      }
      await until(
        'the app to answer again',
        async () =>
          await fetch(`http://127.0.0.1:${app.port}/health`).then(
            (r) => r.ok,
            () => false,
          ),
        30_000,
      );
      token = await login();
    }
    expect(acknowledged.enrollments.length).toBeGreaterThan(0);

    // Settled: the acknowledged enrollments complete (the workflows resume from their checkpoints).
    await until(
      'acknowledged enrollments to complete',
      async () => {
        const views = await Promise.all(
          acknowledged.enrollments.map(
            async (id) => (await api('GET', `/api/v1/enrollments/${id}`, undefined, token)).body.status,
          ),
        );
        return views.every((s) => s === 'completed');
      },
      45_000,
    );
    // Caught up, and each subscription held again by the app (its lock connection died with the
    // server: it stood by and took its subscriptions back; a rebuild runs where they run).
    let subscriptions: {
      name: string;
      kind: string;
      lagSeconds: number;
      parked: number;
      activeIn: string | null;
      status: string;
    }[] = [];
    await until('subscriptions to catch up', async () => {
      subscriptions = (await api('GET', '/api/v1/admin/projections', undefined, token)).body
        .items as typeof subscriptions;
      return subscriptions.every((s) => s.lagSeconds === 0 && s.activeIn !== null && s.status !== 'standby');
    });
    expect(subscriptions.filter((s) => s.parked !== 0)).toEqual([]);

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const rows = async (sql: string, params: unknown[] = []) =>
        (await client.query(sql, params)).rows as Record<string, unknown>[];
      // No acknowledged event lost, once everything settled either.
      expect(await missing(acknowledged)).toEqual({ enrollments: [], payments: [] });
      // No event applied twice: each workflow step once per enrollment or payment.
      for (const [type, key] of [
        ['EnrollmentSubmitted', 'enrollmentId'],
        ['StudentEnrolled', 'enrollmentId'],
        ['DemoScheduled', 'enrollmentId'],
        ['EnrollmentCompleted', 'enrollmentId'],
        ['PaymentRequested', 'paymentId'],
        ['PaymentSucceeded', 'paymentId'],
        ['ChargePosted', 'paymentId'],
      ]) {
        const dup = await rows(
          `SELECT data->>'${key}' AS id, count(*)::int AS n FROM es_events WHERE type = $1 GROUP BY 1 HAVING count(*) > 1`,
          [type],
        );
        expect({ type, duplicates: dup }).toEqual({ type, duplicates: [] });
      }
    } finally {
      await client.end();
    }
    // Read models equal a fresh rebuild from position 0.
    for (const s of subscriptions.filter((x) => x.kind === 'projection')) {
      const res = await api(
        'POST',
        `/api/v1/admin/projections/${encodeURIComponent(s.name)}/rebuild?wait=true`,
        undefined,
        token,
      );
      const report = (res.body.result ?? {}) as { identical?: boolean; failed?: unknown[] };
      expect({
        name: s.name,
        status: res.status,
        identical: report.identical,
        failed: report.failed,
        message: res.status === 200 ? null : res.body.message,
      }).toEqual({ name: s.name, status: 200, identical: true, failed: [], message: null });
    }
    process.stderr.write(
      `database crash suite: ${CYCLES} kills of PostgreSQL (${backends} backends killed with it), ${acknowledged.enrollments.length} enrollments and ${acknowledged.payments.length} payments acknowledged, ${refused} refused or cut, the app restarted ${appRestarts} time(s), ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
    );
  }, 120_000);
});
