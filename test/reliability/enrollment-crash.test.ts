import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { portFrom } from '../support/ports';

/**
 * The enrollment workflow lives in the stored log: kill the app (SIGKILL) at random moments
 * while enrollments are in flight, restart it, and every enrollment finishes exactly once.
 */
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const ADMIN = { email: 'crash@cedarheights.test', password: 'crash-password-1' };
const ENROLLMENTS = 8;
const KILLS = 5;

describe('enrollments survive kill -9', () => {
  let database: TestDatabase;
  let dataDir: string;
  let port: number;
  let app: ChildProcess | undefined;

  const start = async () => {
    app = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, PAYMENT_GATEWAY: 'simulated', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ENROLLMENT_RATE_LIMIT_PER_MINUTE: '1000' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!running(app)) throw new Error('app exited while starting');
      if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('app did not start');
  };
  const running = (child?: ChildProcess) => !!child && child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    const child = app!;
    if (!running(child)) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  const api = async (method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('npm test builds dist/ first');
    database = await createTestDatabase('crash');
    dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-crash-'));
    port = await portFrom('enrollmentCrash');
  });
  afterAll(async () => {
    if (running(app)) await kill();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes every enrollment exactly once', async () => {
    await start();
    const token = (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    for (const name of ['Clara', 'Glenn']) {
      const res = await api('POST', '/api/v1/teachers', { firstName: name, lastName: 'Keys', email: `${name.toLowerCase()}@crash.test`, instruments: ['piano'], hourlyRate: 70, maxStudents: 20, availability: { monday: [{ start: '09:00', end: '21:00' }], wednesday: [{ start: '09:00', end: '21:00' }], saturday: [{ start: '09:00', end: '17:00' }] } }, token);
      expect(res.status).toBe(201);
    }
    const ids: string[] = [];
    for (let i = 0; i < ENROLLMENTS; i++) {
      const res = await api('POST', '/api/v1/enrollments', {
        studentFirstName: `Kid${i}`, studentLastName: 'Crash', studentDateOfBirth: '2015-03-03', parentFirstName: 'Pat', parentLastName: `Crash${i}`,
        parentEmail: `parent${i}@crash.test`, parentPhone: '9025550100', instrument: 'piano', preferredLessonDay: i % 2 ? 'monday' : 'wednesday',
        lessonDuration: 30, paymentToken: i === 3 ? 'pm_card_chargeDeclined' : 'pm_card_visa', agreedToTerms: true,
      });
      expect(res.status).toBe(202);
      ids.push(res.body.enrollmentId as string);
      if (i === 2 || i === 5) {
        await new Promise((r) => setTimeout(r, 30 + Math.random() * 200));
        await kill();
        await start();
      }
    }
    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 300));
      await kill();
      await start();
    }

    const deadline = Date.now() + 30_000;
    let statuses: string[] = [];
    const fresh = (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    while (Date.now() < deadline) {
      statuses = await Promise.all(ids.map(async (id) => (await api('GET', `/api/v1/enrollments/${id}`, undefined, fresh)).body.status as string));
      if (statuses.every((s) => s === 'completed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses).toEqual(ids.map(() => 'completed'));
    await kill();

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows.map((r) => r as Record<string, unknown>);
    for (const type of ['StudentEnrolled', 'TeacherAssigned', 'DemoScheduled', 'EnrollmentCompleted', 'PaymentMethodSetUp', 'PaymentMethodSetupFailed', 'TeacherSeatTaken']) {
      const rows = await count(`SELECT data->>'enrollmentId' AS e, data->>'studentId' AS s, count(*)::int AS n FROM es_events WHERE type = $1 GROUP BY 1, 2 HAVING count(*) > 1`, [type]);
      expect({ type, duplicates: rows }).toEqual({ type, duplicates: [] });
    }
    const perEnrollment = await count(`SELECT type, count(*)::int AS n FROM es_events WHERE type IN ('StudentEnrolled','DemoScheduled','EnrollmentCompleted') GROUP BY type ORDER BY type`);
    expect(perEnrollment).toEqual([
      { type: 'DemoScheduled', n: ENROLLMENTS },
      { type: 'EnrollmentCompleted', n: ENROLLMENTS },
      { type: 'StudentEnrolled', n: ENROLLMENTS },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM es_events WHERE type = 'LessonScheduled' AND data->>'lessonType' = 'demo'`)).toEqual([{ n: ENROLLMENTS }]);
    expect(await count(`SELECT template, count(*)::int AS n FROM email_outbox GROUP BY template ORDER BY template`)).toEqual([
      { template: 'parent-welcome', n: ENROLLMENTS },
      { template: 'teacher-new-student', n: ENROLLMENTS },
      { template: 'teacher-welcome', n: 2 },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM payment_gateway_simulator WHERE operation = 'createCustomer'`)).toEqual([{ n: ENROLLMENTS }]);
    expect(await count(`SELECT count(*)::int AS n FROM users WHERE role = 'parent'`)).toEqual([{ n: ENROLLMENTS }]);
    await db.end();
  }, 180_000); // eight boots of the app: room for a busy shared machine
});
