import { EntityManager } from '@mikro-orm/postgresql';
import { Client, Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase } from '../support/database';
import { EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { deriveId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

const teacherBody = (i: number) => ({
  firstName: `Live${i}`,
  lastName: 'Writer',
  email: `live-writer-${i}@example.com`,
  instruments: ['violin'],
  hourlyRate: 70,
  availability: { monday: [{ start: '15:00', end: '18:00' }] },
});

/** Enough teachers in the log that a rebuild takes several batches. */
async function seedTeachers(store: EventStore, count: number): Promise<string[]> {
  const meta = {
    correlationId: 'seed',
    causationId: null,
    actor: { id: 'system', role: 'system' as const },
    occurredAt: '2026-11-01T12:00:00.000Z',
    schemaVersion: 1,
  };
  const ids: string[] = [];
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const teacherId = deriveId('rebuild-test-teacher', String(i));
    ids.push(teacherId);
    const events: NewEvent[] = [
      {
        eventId: deriveId('rebuild-test-event', String(i), '0'),
        type: 'TeacherRegistered',
        data: {
          teacherId,
          userId: null,
          firstName: `First${i}`,
          lastName: `Last${i % 37}`,
          email: `seed${i}@example.com`,
          instruments: ['piano'],
          hourlyRateCents: 6000 + i,
          maxStudents: 20,
          availability: { monday: [{ start: '15:00', end: '20:00' }] },
          bio: null,
        },
        metadata: meta,
      },
      {
        eventId: deriveId('rebuild-test-event', String(i), '1'),
        type: 'TeacherAvailabilityChanged',
        data: { teacherId, availability: { tuesday: [{ start: '10:00', end: '12:00' }] } },
        metadata: meta,
      },
    ];
    jobs.push(store.append(`teacher-${teacherId}`, events, 'no_stream'));
    if (jobs.length >= 16) await Promise.all(jobs.splice(0));
  }
  await Promise.all(jobs);
  return ids;
}

describe('rebuilds into fresh tables while the live model keeps serving', () => {
  let t: TestApp;
  let admin: string;
  let seeded: string[];
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) =>
    t.app.get(EntityManager).fork().execute<T[]>(q, p);
  const indexes = () =>
    sql<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'teachers' ORDER BY indexname",
    );

  beforeAll(async () => {
    // The log is seeded before the app starts; the onboarding saga is told it has seen those
    // events (they are teachers without accounts), the teachers projection catches up at boot.
    const database = await createTestDatabase('shadow-rebuild');
    await migrate(database.url);
    const pool = new Pool({ connectionString: database.url, max: 4 });
    const store = new PostgresEventStore(pool);
    seeded = await seedTeachers(store, 1500);
    await pool.query(
      "INSERT INTO subscription_checkpoints (name, position) VALUES ('workflow:teacher-onboarding', $1)",
      [await store.headPosition()],
    );
    await pool.end();
    t = await startTestApp({
      database,
      subscriptions: {
        projection: { batchSize: 500, pollIntervalMs: 50, retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } },
      },
    });
    admin = await t.login();
    expect(await t.app.get(SubscriptionsService).waitForAll(60_000)).toBe(true);
  }, 180_000);
  afterAll(() => t.close());

  it('keeps reads and writes working during the replay, reports a corrupted row, and fixes it by the swap', async () => {
    const victim = seeded[42];
    await sql("UPDATE teachers SET first_name = 'Tampered', hourly_rate_cents = 1 WHERE id = ?", [victim]);
    const indexesBefore = await indexes();
    const subscriptions = t.app.get(SubscriptionsService);

    let during: { status: number; sawTampered: boolean; newTeacher?: string } | undefined;
    let calls = 0;
    const report = await subscriptions.rebuild(
      'teachers',
      async () => {
        if (calls++ !== 0) return;
        // Mid-replay: the live tables answer, and a write goes through the live projection.
        const read = await t.http.get(`/api/v1/teachers/${victim}`).auth(admin, { type: 'bearer' });
        const created = await t.http.post('/api/v1/teachers').auth(admin, { type: 'bearer' }).send(teacherBody(1));
        expect(created.status).toBe(201);
        const after = await t.http.get(`/api/v1/teachers/${created.body.id}`).auth(admin, { type: 'bearer' });
        during = { status: after.status, sawTampered: read.body.firstName === 'Tampered', newTeacher: created.body.id };
      },
      1000,
    );
    expect(calls).toBeGreaterThan(1);
    expect(during).toMatchObject({ status: 200, sawTampered: true });

    expect(report.identical).toBe(false);
    expect(report.differences).toEqual([
      expect.objectContaining({
        table: 'teachers',
        changed: 1,
        onlyLive: 0,
        onlyRebuilt: 0,
        sampleKeys: [{ key: victim, difference: 'changed' }],
      }),
    ]);
    // Swapped in: the corrupted row is right again, the teacher written during the replay is there.
    const [fixed] = await sql<{ first_name: string; hourly_rate_cents: number }>(
      'SELECT first_name, hourly_rate_cents FROM teachers WHERE id = ?',
      [victim],
    );
    expect(fixed).toEqual({ first_name: 'First42', hourly_rate_cents: 6042 });
    const res = await t.http.get(`/api/v1/teachers/${during!.newTeacher}`).auth(admin, { type: 'bearer' });
    expect(res.status).toBe(200);
    // Same table name, same indexes (names and definitions), no shadow schema left behind.
    expect(await indexes()).toEqual(indexesBefore);
    expect(await sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'")).toEqual([]);

    // The live subscription resumes on the swapped-in tables.
    const later = await t.http.post('/api/v1/teachers').auth(admin, { type: 'bearer' }).send(teacherBody(2));
    expect(later.status).toBe(201);
    expect((await t.http.get(`/api/v1/teachers/${later.body.id}`).auth(admin, { type: 'bearer' })).status).toBe(200);
    const [cp] = await sql<{ position: string }>(
      "SELECT position FROM subscription_checkpoints WHERE name = 'teachers'",
    );
    expect(Number(cp.position)).toBeGreaterThanOrEqual(report.position);
  }, 120_000);

  it('a second rebuild equals the first: the swapped-in model is what a fresh replay gives', async () => {
    expect(await t.app.get(SubscriptionsService).waitForAll(15_000)).toBe(true);
    const before = await sql("SELECT md5(string_agg(t::text, '' ORDER BY id)) AS h, count(*) AS n FROM teachers t");
    const res = await t.http
      .post('/api/v1/admin/projections/teachers/rebuild?wait=true')
      .auth(admin, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', result: { identical: true, failed: [] } });
    expect(res.body.result.differences[0]).toMatchObject({
      table: 'teachers',
      changed: 0,
      onlyLive: 0,
      onlyRebuilt: 0,
      sampleKeys: [],
    });
    expect(await sql("SELECT md5(string_agg(t::text, '' ORDER BY id)) AS h, count(*) AS n FROM teachers t")).toEqual(
      before,
    );
  }, 60_000);

  it('runs in the background: 202 with an id and a Location, then the status and the report', async () => {
    const res = await t.http.post('/api/v1/admin/projections/users/rebuild').auth(admin, { type: 'bearer' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ projection: 'users', status: 'running', rebuildId: expect.any(String) });
    expect(res.headers.location).toBe(`/api/v1/admin/projections/rebuilds/${res.body.rebuildId}`);
    let status = res.body;
    for (let i = 0; i < 100 && status.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await t.http.get(res.headers.location).auth(admin, { type: 'bearer' })).body;
    }
    expect(status).toMatchObject({
      status: 'succeeded',
      finishedAt: expect.any(String),
      result: { projection: 'users', identical: true },
    });
    const list = await t.http.get('/api/v1/admin/projections/rebuilds').auth(admin, { type: 'bearer' });
    expect(list.body.items.map((j: { rebuildId: string }) => j.rebuildId)).toContain(res.body.rebuildId);
  });

  it('one rebuild per projection at a time, across processes (advisory lock): 409', async () => {
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('cedar-heights:rebuild:teachers'))");
      const res = await t.http.post('/api/v1/admin/projections/teachers/rebuild').auth(admin, { type: 'bearer' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, message: expect.stringContaining('being rebuilt') });
      // Another projection is not held up.
      expect(
        (await t.http.post('/api/v1/admin/projections/users/rebuild?wait=true').auth(admin, { type: 'bearer' })).status,
      ).toBe(200);
    } finally {
      await other.end();
    }
  });

  it('bad input: unknown projection 404, a saga 404, bad wait 400, unknown or malformed rebuild id 404/400, not admin 401', async () => {
    const as = (r: import('supertest').Test) => r.auth(admin, { type: 'bearer' });
    expect((await as(t.http.post('/api/v1/admin/projections/nope/rebuild'))).status).toBe(404);
    expect((await as(t.http.post('/api/v1/admin/projections/workflow:teacher-onboarding/rebuild'))).status).toBe(404);
    expect((await as(t.http.post('/api/v1/admin/projections/teachers/rebuild?wait=maybe'))).status).toBe(400);
    expect(
      (await as(t.http.get('/api/v1/admin/projections/rebuilds/7d0b5a8e-2f0e-4a53-9a3c-1f1f2b7d9e10'))).status,
    ).toBe(404);
    expect((await as(t.http.get('/api/v1/admin/projections/rebuilds/not-a-uuid'))).status).toBe(400);
    expect((await t.http.post('/api/v1/admin/projections/teachers/rebuild')).status).toBe(401);
  });
});
