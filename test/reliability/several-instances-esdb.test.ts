import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase } from '../support/database';
import { useEsdbTarget } from '../support/esdb-stand-in/jest';
import { portFrom } from '../support/ports';

/**
 * A school chain's set-up: three app processes with their events in EventStoreDB (the protocol
 * stand-in, which outlives them) and one PostgreSQL for read models, locks and the outbox. All
 * three start at the same moment on the empty database. Each projection and saga runs in exactly
 * one of them; kill -9 the one running most and the others take over within 5 s; jobs triggered
 * on all three at once run in one at a time; nothing is handled twice: each workflow step once
 * in the log, each email once, read models equal to a rebuild.
 */
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const ADMIN = { email: 'chain@cedarheights.test', password: 'chain-password-1' };
const ENROLLMENTS_BEFORE = 6;
const ENROLLMENTS_AFTER = 4;
const TAKEOVER_MS = 5000;
const JOBS = ['waitlist-recheck', 'lesson-reminders'];
const target = useEsdbTarget();
// It reads the log from the stand-in's memory: against a real server (EVENTSTORE_CONNECTION_STRING) it does not run.
const onStandIn = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;

interface Instance {
  child: ChildProcess;
  port: number;
  name: string;
}
interface Status {
  name: string;
  kind: string;
  status: string;
  lagSeconds: number;
  parked: number;
  activeIn: string | null;
}

onStandIn('several instances on EventStoreDB', () => {
  let database: TestDatabase;
  const dataDirs: string[] = [];
  const instances: Instance[] = [];

  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  const start = async (): Promise<Instance> => {
    const port = await portFrom('multiEsdb');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-chain-'));
    dataDirs.push(dataDir);
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.url,
        EVENTSTORE_CONNECTION_STRING: target().connectionString,
        PAYMENT_GATEWAY: 'simulated',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ENROLLMENT_RATE_LIMIT_PER_MINUTE: '100000',
        JWT_SECRET: 'a-chain-of-schools-shares-one-secret-0123456789',
        DATA_ENCRYPTION_KEY: 'a-chain-of-schools-shares-one-data-key-0123456789',
        ACADEMY_TIMEZONE: 'America/Halifax',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const instance = { child, port, name: '' };
    instances.push(instance);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!running(child)) throw new Error(`app on port ${port} exited while starting`);
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return instance;
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
    database = await createTestDatabase('chain_esdb');
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
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each subscription in one process, hands over within 5 s of a kill -9, and handles nothing twice', async () => {
    // All three at once on the empty database: the boot lock lets one migrate and create the admin.
    await Promise.all([start(), start(), start()]);
    const b = instances[1];
    const token = (await api(b, 'POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
    expect(token).toEqual(expect.any(String));
    for (const at of instances) at.name = (await projections(at, token)).instance;
    expect(new Set(instances.map((i) => i.name)).size).toBe(3);

    const exactlyOneRunner = async (alive: Instance[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await oneRunnerEach(alive);
        } catch (err) {
          // Right after a takeover the new holder may still be starting: look again. Two runners never.
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

    // Jobs triggered on all three at the same moment: a run either happens or is skipped because
    // another instance is running it (its advisory lock), never fails.
    const jobOutcomes: Record<string, number> = {};
    for (let round = 0; round < 6; round++) {
      for (const job of JOBS) {
        const runs = await Promise.all(
          instances.map((at) => api(at, 'POST', `/api/v1/admin/jobs/${job}/run`, undefined, token)),
        );
        for (const run of runs) {
          expect(run.status).toBe(200);
          const key = run.body.outcome === 'skipped' ? `skipped: ${String(run.body.reason)}` : String(run.body.outcome);
          jobOutcomes[key] = (jobOutcomes[key] ?? 0) + 1;
        }
      }
    }
    process.stdout.write(`jobs triggered on three instances at once: ${JSON.stringify(jobOutcomes)}\n`);
    expect(
      Object.keys(jobOutcomes).filter((k) => k !== 'succeeded' && k !== 'skipped: running on another instance'),
    ).toEqual([]);
    // Runs take milliseconds, so some triggers of a round come after the previous run ended; but
    // some meet a run under way in another instance and stand back.
    expect(jobOutcomes['skipped: running on another instance'] ?? 0).toBeGreaterThan(0);

    // Traffic through every instance.
    for (const [i, name] of ['Clara', 'Glenn'].entries()) {
      const res = await api(
        instances[i],
        'POST',
        '/api/v1/teachers',
        {
          firstName: name,
          lastName: 'Keys',
          email: `${name.toLowerCase()}@chain.test`,
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
        studentLastName: 'Chain',
        studentDateOfBirth: '2015-03-03',
        parentFirstName: 'Pat',
        parentLastName: `Chain${i}`,
        parentEmail: `parent${i}@chain.test`,
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
    process.stdout.write(
      `EventStoreDB mode: the ${counts.get(victim.name)} subscriptions of the killed instance held by survivors ${takeoverMs < 0 ? 'not within 15 s' : `${takeoverMs} ms`} after kill -9\n`,
    );
    expect(takeoverMs).toBeGreaterThanOrEqual(0);
    expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_MS);
    await exactlyOneRunner(survivors);
    for (let i = ENROLLMENTS_BEFORE; i < ENROLLMENTS_BEFORE + ENROLLMENTS_AFTER; i++) await enroll(survivors[i % 2], i);

    const deadline = Date.now() + 60_000;
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

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = async (sql: string, params: unknown[] = []) =>
        (await db.query(sql, params)).rows as Record<string, unknown>[];
      // Quiet: every subscription has handled everything.
      const quietBy = Date.now() + 30_000;
      let view = await projections(survivors[0], token);
      while (Date.now() < quietBy && !view.items.every((s) => s.lagSeconds === 0 && s.activeIn !== null)) {
        await new Promise((r) => setTimeout(r, 200));
        view = await projections(survivors[0], token);
      }
      expect(view.items.filter((s) => s.lagSeconds !== 0 || s.parked !== 0)).toEqual([]);

      // The schema was migrated once, by one of the three; one first admin.
      expect(
        await rows('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name HAVING count(*) > 1'),
      ).toEqual([]);
      expect(await rows('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
      expect(await rows(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`)).toEqual([{ n: 1 }]);

      // The log (in EventStoreDB, none in PostgreSQL): each workflow step once per enrollment.
      expect(await rows('SELECT count(*)::int AS n FROM es_events')).toEqual([{ n: 0 }]);
      const log = target().standIn!.log.records.map((r) => ({
        type: r.type,
        data: JSON.parse(r.data.toString()) as Record<string, unknown>,
      }));
      for (const type of [
        'StudentEnrolled',
        'TeacherAssigned',
        'DemoScheduled',
        'EnrollmentCompleted',
        'PaymentMethodSetUp',
        'TeacherSeatTaken',
      ]) {
        const keys = log
          .filter((e) => e.type === type)
          .map((e) => `${String(e.data.enrollmentId)}/${String(e.data.studentId)}`);
        expect({ type, duplicates: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ type, duplicates: [] });
      }
      expect(log.filter((e) => e.type === 'EnrollmentCompleted')).toHaveLength(enrollmentIds.length);
      expect(log.filter((e) => e.type === 'UserRegistered' && e.data.role === 'admin')).toHaveLength(1);

      // Each email once.
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

      // Read models equal a fresh rebuild from position 0, run where each projection is active
      // (409 elsewhere). Not read models: the outbox (its workers keep changing it) and the rate limits' counters.
      const tables = (
        await rows(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'es\\_%' AND tablename NOT LIKE 'subscription\\_%' AND tablename NOT IN ('schema_migrations', 'email_outbox', 'http_rate_limits') ORDER BY 1`,
        )
      ).map((r) => String(r.tablename));
      const snapshot = async () => {
        const out: Record<string, string[]> = {};
        for (const t of tables)
          out[t] = (await rows(`SELECT to_jsonb(x)::text AS j FROM "${t}" x`)).map((r) => String(r.j)).sort();
        return out;
      };
      const live = await snapshot();
      expect(live.students).toHaveLength(enrollmentIds.length);
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
        expect(
          (
            await api(
              standby,
              'POST',
              `/api/v1/admin/projections/${encodeURIComponent(s.name)}/rebuild?wait=true`,
              undefined,
              token,
            )
          ).status,
        ).toBe(409);
      }
      const rebuilt = await snapshot();
      for (const t of tables) expect({ table: t, rows: rebuilt[t] }).toEqual({ table: t, rows: live[t] });
    } finally {
      await db.end();
    }
  }, 240_000);
});
