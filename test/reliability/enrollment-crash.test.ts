import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { portFrom } from '../support/ports';
import { crashSeed, KillableApp, MAIN, seeded, settled, until, workInFlight } from './killable-app';

/**
 * The enrollment workflow lives in the stored log: submit an enrollment, kill the app (SIGKILL)
 * a seeded random moment after it is accepted, while its workflow runs, restart it, and every
 * enrollment finishes exactly once. The app catches every subscription up before it listens, so
 * a kill with nothing submitted just before it would find nothing to interrupt: each kill follows
 * a submission, and the database is read right after each kill to count the kills that found
 * work unfinished (at least 80 % must).
 */
const ADMIN = { email: 'crash@cedarheights.test', password: 'crash-password-1' };
const ENROLLMENTS = 8;
/** a kill after each of the first KILLS enrollments */
const KILLS = 7;
const MAX_PAUSE_MS = 80;
const SEED = crashSeed('enrollment crash suite', 0x0e_2026);

describe('enrollments survive kill -9', () => {
  let database: TestDatabase;
  let dataDir: string;
  let app: KillableApp;
  const api = (method: string, url: string, body?: unknown, token?: string) => app.api(method, url, body, token);

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('npm test builds dist/ first');
    database = await createTestDatabase('crash');
    dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-crash-'));
    app = new KillableApp(
      await portFrom('enrollmentCrash'),
      {
        DATABASE_URL: database.url,
        PAYMENT_GATEWAY: 'simulated',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ENROLLMENT_RATE_LIMIT_PER_MINUTE: '1000',
      },
      seeded(SEED),
    );
    app.probe = () => workInFlight(database.url);
  });
  afterAll(async () => {
    if (app?.running) await app.kill();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes every enrollment exactly once', async () => {
    await app.start();
    const token = (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    for (const name of ['Clara', 'Glenn']) {
      const res = await api(
        'POST',
        '/api/v1/teachers',
        {
          firstName: name,
          lastName: 'Keys',
          email: `${name.toLowerCase()}@crash.test`,
          instruments: ['piano'],
          hourlyRate: 70,
          maxStudents: 20,
          availability: {
            monday: [{ start: '09:00', end: '21:00' }],
            wednesday: [{ start: '09:00', end: '21:00' }],
            saturday: [{ start: '09:00', end: '17:00' }],
          },
        },
        token,
      );
      expect(res.status).toBe(201);
    }
    const ids: string[] = [];
    for (let i = 0; i < ENROLLMENTS; i++) {
      const res = await api('POST', '/api/v1/enrollments', {
        studentFirstName: `Kid${i}`,
        studentLastName: 'Crash',
        studentDateOfBirth: '2015-03-03',
        parentFirstName: 'Pat',
        parentLastName: `Crash${i}`,
        parentEmail: `parent${i}@crash.test`,
        parentPhone: '9025550100',
        instrument: 'piano',
        preferredLessonDay: i % 2 ? 'monday' : 'wednesday',
        lessonDuration: 30,
        paymentToken: i === 3 ? 'pm_card_chargeDeclined' : 'pm_card_visa',
        agreedToTerms: true,
      });
      expect(res.status).toBe(202);
      ids.push(res.body.enrollmentId as string);
      // Accepted: its workflow (teacher, demo lesson, card, emails) runs now. Kill it part-way.
      if (i < KILLS) await app.cycle(MAX_PAUSE_MS, 'a request answered, its workflow running');
    }
    process.stderr.write(`enrollment crash suite: ${app.killSummary()}\n`);
    expect(app.kills).toHaveLength(KILLS);
    expect(app.hits).toBeGreaterThanOrEqual(Math.ceil(0.8 * KILLS));

    const deadline = Date.now() + 30_000;
    let statuses: string[] = [];
    const fresh = (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    while (Date.now() < deadline) {
      statuses = await Promise.all(
        ids.map(async (id) => (await api('GET', `/api/v1/enrollments/${id}`, undefined, fresh)).body.status as string),
      );
      if (statuses.every((s) => s === 'completed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses).toEqual(ids.map(() => 'completed'));
    await until('the welcome emails to be sent', () => settled(database.url), 15_000);
    await app.kill();
    // Nothing is left unfinished once it settles: the probe above does not count work that never ends.
    expect(await settled(database.url)).toBe(true);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const count = async (sql: string, params: unknown[] = []) =>
      (await db.query(sql, params)).rows.map((r) => r as Record<string, unknown>);
    for (const type of [
      'StudentEnrolled',
      'TeacherAssigned',
      'DemoScheduled',
      'EnrollmentCompleted',
      'PaymentMethodSetUp',
      'PaymentMethodSetupFailed',
      'TeacherSeatTaken',
    ]) {
      const rows = await count(
        `SELECT data->>'enrollmentId' AS e, data->>'studentId' AS s, count(*)::int AS n FROM es_events WHERE type = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
        [type],
      );
      expect({ type, duplicates: rows }).toEqual({ type, duplicates: [] });
    }
    const perEnrollment = await count(
      `SELECT type, count(*)::int AS n FROM es_events WHERE type IN ('StudentEnrolled','DemoScheduled','EnrollmentCompleted') GROUP BY type ORDER BY type`,
    );
    expect(perEnrollment).toEqual([
      { type: 'DemoScheduled', n: ENROLLMENTS },
      { type: 'EnrollmentCompleted', n: ENROLLMENTS },
      { type: 'StudentEnrolled', n: ENROLLMENTS },
    ]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'LessonScheduled' AND data->>'lessonType' = 'demo'`,
      ),
    ).toEqual([{ n: ENROLLMENTS }]);
    expect(
      await count(`SELECT template, count(*)::int AS n FROM email_outbox GROUP BY template ORDER BY template`),
    ).toEqual([
      { template: 'parent-welcome', n: ENROLLMENTS },
      { template: 'teacher-new-student', n: ENROLLMENTS },
      { template: 'teacher-welcome', n: 2 },
    ]);
    expect(
      await count(`SELECT count(*)::int AS n FROM payment_gateway_simulator WHERE operation = 'createCustomer'`),
    ).toEqual([{ n: ENROLLMENTS }]);
    expect(await count(`SELECT count(*)::int AS n FROM users WHERE role = 'parent'`)).toEqual([{ n: ENROLLMENTS }]);
    await db.end();
  }, 180_000); // eight boots of the app: room for a busy shared machine
});
