import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { portFrom } from '../support/ports';

/**
 * Three app processes on one database. Each projection and saga runs in exactly one of them
 * (advisory locks); kill -9 the one running them and another takes over within 5 s; nothing is
 * handled twice to visible effect: no duplicate events or emails, read models equal a rebuild.
 */
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const ADMIN = { email: 'instances@cedarheights.test', password: 'instances-password-1' };
const ZONE = 'America/Halifax';
const ENROLLMENTS_BEFORE = 6;
const ENROLLMENTS_AFTER = 4;
const TAKEOVER_MS = 5000;

interface Instance {
  child: ChildProcess;
  port: number;
  name: string;
}
interface Status {
  name: string;
  kind: string;
  status: string;
  checkpoint: number;
  lagSeconds: number;
  parked: number;
  activeIn: string | null;
}

describe('several instances on one store', () => {
  let database: TestDatabase;
  const dataDirs: string[] = [];
  const instances: Instance[] = [];

  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  const start = async (): Promise<Instance> => {
    const port = await portFrom('severalInstances');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-instances-'));
    dataDirs.push(dataDir);
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.url,
        PAYMENT_GATEWAY: 'simulated',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ENROLLMENT_RATE_LIMIT_PER_MINUTE: '100000',
        JWT_SECRET: 'several-instances-share-one-secret-0123456789',
        ACADEMY_TIMEZONE: ZONE,
        DATA_ENCRYPTION_KEY: 'several-instances-share-one-data-key-0123456789',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (!running(child)) throw new Error('app exited while starting');
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      ) {
        const instance = { child, port, name: '' };
        instances.push(instance);
        return instance;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('app did not start');
  };
  const api = async (at: Instance, method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${at.port}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const projections = async (at: Instance, token: string) => {
    const res = await api(at, 'GET', '/api/v1/admin/projections', undefined, token);
    expect(res.status).toBe(200);
    return { instance: res.body.instance as string, items: res.body.items as Status[] };
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('npm test builds dist/ first');
    database = await createTestDatabase('instances');
  });
  afterAll(async () => {
    await Promise.all(
      instances
        .filter((i) => running(i.child))
        .map((i) => {
          const exited = new Promise((r) => i.child.once('exit', r));
          i.child.kill('SIGKILL');
          return exited;
        }),
    );
    await database.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each subscription in exactly one process, fails over within 5 s, and handles nothing twice', async () => {
    // The first instance migrates and seeds; the other two join a running system.
    await start();
    await Promise.all([start(), start()]);
    const [, b] = instances;
    const token = (await api(b, 'POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    expect(token).toEqual(expect.any(String));
    for (const at of instances) at.name = (await projections(at, token)).instance;
    expect(new Set(instances.map((i) => i.name)).size).toBe(3);

    // Never two at once; right after a takeover the new holder may still be starting: look again.
    const exactlyOneRunner = async (alive: Instance[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await oneRunnerEach(alive);
        } catch (err) {
          if (attempt >= 20 || String(err).includes('two runners')) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const oneRunnerEach = async (alive: Instance[]) => {
      const views = await Promise.all(alive.map((at) => projections(at, token)));
      const names = views[0].items.map((s) => s.name);
      expect(names.length).toBeGreaterThan(5);
      const owner = new Map<string, string>();
      for (const name of names) {
        // Every instance sees the same holder, and only that one runs it; the others stand by.
        const holders = new Set(views.map((v) => v.items.find((s) => s.name === name)!.activeIn));
        expect({ name, holders: [...holders] }).toEqual({ name, holders: [expect.any(String)] });
        const holder = [...holders][0]!;
        expect(alive.map((i) => i.name)).toContain(holder);
        const runningIn = views
          .filter((v) => v.items.find((s) => s.name === name)!.status !== 'standby')
          .map((v) => v.instance);
        if (runningIn.length > 1) throw new Error(`two runners of ${name}: ${runningIn.join(', ')}`);
        expect({ name, runningIn }).toEqual({ name, runningIn: [holder] });
        owner.set(name, holder);
      }
      return owner;
    };
    const before = await exactlyOneRunner(instances);

    // Traffic through every instance.
    for (const [i, name] of ['Clara', 'Glenn'].entries()) {
      const res = await api(
        instances[i],
        'POST',
        '/api/v1/teachers',
        {
          firstName: name,
          lastName: 'Keys',
          email: `${name.toLowerCase()}@instances.test`,
          instruments: ['piano'],
          hourlyRate: 70,
          maxStudents: 30,
          availability: {
            monday: [{ start: '09:00', end: '21:00' }],
            wednesday: [{ start: '09:00', end: '21:00' }],
            saturday: [{ start: '09:00', end: '18:00' }],
          },
        },
        token,
      );
      expect(res.status).toBe(201);
    }
    const enrollmentIds: string[] = [];
    const enroll = async (at: Instance, i: number) => {
      const res = await api(at, 'POST', '/api/v1/enrollments', {
        studentFirstName: `Kid${i}`,
        studentLastName: 'Instances',
        studentDateOfBirth: '2015-03-03',
        parentFirstName: 'Pat',
        parentLastName: `Multi${i}`,
        parentEmail: `parent${i}@instances.test`,
        parentPhone: '9025550100',
        instrument: 'piano',
        preferredLessonDay: i % 2 ? 'monday' : 'wednesday',
        lessonDuration: 30,
        paymentToken: 'pm_card_visa',
        agreedToTerms: true,
      });
      expect(res.status).toBe(202);
      enrollmentIds.push(res.body.enrollmentId as string);
    };
    for (let i = 0; i < ENROLLMENTS_BEFORE; i++) await enroll(instances[i % 3], i);

    // kill -9 the instance running the most subscriptions, while enrollments are in flight.
    const counts = new Map<string, number>();
    for (const holder of before.values()) counts.set(holder, (counts.get(holder) ?? 0) + 1);
    const victim = instances.find((i) => i.name === [...counts.entries()].sort((x, y) => y[1] - x[1])[0][0])!;
    const survivors = instances.filter((i) => i !== victim);
    const exited = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    let takeoverMs = -1;
    while (Date.now() - killedAt < 15_000) {
      const view = await projections(survivors[0], token);
      if (view.items.every((s) => s.activeIn !== null && survivors.some((i) => i.name === s.activeIn))) {
        takeoverMs = Date.now() - killedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(takeoverMs).toBeGreaterThanOrEqual(0);
    expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_MS);
    await exactlyOneRunner(survivors);
    for (let i = ENROLLMENTS_BEFORE; i < ENROLLMENTS_BEFORE + ENROLLMENTS_AFTER; i++) await enroll(survivors[i % 2], i);

    const deadline = Date.now() + 40_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(
        enrollmentIds.map(
          async (id, i) =>
            (await api(survivors[i % 2], 'GET', `/api/v1/enrollments/${id}`, undefined, token)).body.status as string,
        ),
      );
      if (statuses.every((s) => s === 'completed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses).toEqual(enrollmentIds.map(() => 'completed'));

    // Lessons booked through both survivors are visible at once on either (read-your-write across instances).
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = async (sql: string, params: unknown[] = []) =>
        (await db.query(sql, params)).rows as Record<string, unknown>[];
      const students = (await rows('SELECT id FROM students ORDER BY id')).map((r) => String(r.id));
      expect(students).toHaveLength(enrollmentIds.length);
      const saturday = DateTime.now()
        .setZone(ZONE)
        .plus({ weeks: 3 })
        .set({ weekday: 6, hour: 9, minute: 0, second: 0, millisecond: 0 });
      for (const [i, studentId] of students.entries()) {
        const at = survivors[i % 2];
        const startsAt = saturday.plus({ minutes: 30 * i }).toISO();
        const res = await api(at, 'POST', '/api/v1/lessons', { studentId, startsAt }, token);
        expect({ i, status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
          i,
          status: 201,
          body: null,
        });
        const booked = (res.body.lessons as { id: string }[]).map((l) => l.id);
        expect(booked).toHaveLength(1);
        // The demo lesson booked at enrollment is there already: look for the lesson just booked.
        const other = survivors[(i + 1) % 2];
        const seen = await api(other, 'GET', `/api/v1/lessons?studentId=${studentId}&limit=100`, undefined, token);
        expect({ i, ids: (seen.body.items as { id: string }[]).map((l) => l.id) }).toEqual({
          i,
          ids: expect.arrayContaining(booked),
        });
      }

      // Quiet: every subscription has handled everything.
      const quietBy = Date.now() + 30_000;
      let view = await projections(survivors[0], token);
      while (Date.now() < quietBy && !view.items.every((s) => s.lagSeconds === 0 && s.activeIn !== null)) {
        await new Promise((r) => setTimeout(r, 200));
        view = await projections(survivors[0], token);
      }
      expect(view.items.filter((s) => s.lagSeconds !== 0 || s.parked !== 0)).toEqual([]);

      // Nothing twice: one of each workflow step per enrollment, one of each email.
      for (const type of [
        'StudentEnrolled',
        'TeacherAssigned',
        'DemoScheduled',
        'EnrollmentCompleted',
        'PaymentMethodSetUp',
        'TeacherSeatTaken',
      ]) {
        const dup = await rows(
          `SELECT data->>'enrollmentId' AS e, data->>'studentId' AS s, count(*)::int AS n FROM es_events WHERE type = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
          [type],
        );
        expect({ type, duplicates: dup }).toEqual({ type, duplicates: [] });
      }
      expect(await rows(`SELECT count(*)::int AS n FROM es_events WHERE type = 'EnrollmentCompleted'`)).toEqual([
        { n: enrollmentIds.length },
      ]);
      expect(
        await rows(
          `SELECT recipient, template, caused_by_event_id, count(*)::int AS n FROM email_outbox GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      expect(
        await rows(
          `SELECT template, count(*)::int AS n FROM email_outbox WHERE template IN ('parent-welcome', 'teacher-new-student') GROUP BY template ORDER BY template`,
        ),
      ).toEqual([
        { template: 'parent-welcome', n: enrollmentIds.length },
        { template: 'teacher-new-student', n: enrollmentIds.length },
      ]);

      // Read models equal a fresh rebuild from position 0 (run where each projection is active). The
      // outbox is no read model: its workers (SKIP LOCKED, on every instance) keep changing its rows;
      // nor are the rate limits' counters.
      const tables = (
        await rows(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'es\\_%' AND tablename NOT LIKE 'subscription\\_%' AND tablename NOT IN ('mikro_orm_migrations', 'email_outbox', 'http_rate_limits') ORDER BY 1`,
        )
      ).map((r) => String(r.tablename));
      const snapshot = async () => {
        const out: Record<string, string[]> = {};
        for (const t of tables)
          out[t] = (await rows(`SELECT to_jsonb(x)::text AS j FROM "${t}" x`)).map((r) => String(r.j)).sort();
        return out;
      };
      const live = await snapshot();
      expect(live.lessons.length).toBeGreaterThanOrEqual(2 * enrollmentIds.length);
      for (const s of view.items.filter((x) => x.kind === 'projection')) {
        const holder = survivors.find((i) => i.name === s.activeIn)!;
        const res = await api(
          holder,
          'POST',
          `/api/v1/admin/projections/${encodeURIComponent(s.name)}/rebuild?wait=true`,
          undefined,
          token,
        );
        expect({ name: s.name, status: res.status }).toEqual({ name: s.name, status: 200 });
        const standby = survivors.find((i) => i !== holder)!;
        const elsewhere = await api(
          standby,
          'POST',
          `/api/v1/admin/projections/${encodeURIComponent(s.name)}/rebuild?wait=true`,
          undefined,
          token,
        );
        expect(elsewhere.status).toBe(409);
      }
      const rebuilt = await snapshot();
      for (const t of tables) expect({ table: t, rows: rebuilt[t] }).toEqual({ table: t, rows: live[t] });
    } finally {
      await db.end();
    }
  }, 180_000);
});
