import { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { createTestDatabase, TestDatabase } from '../support/database';
import { esdbTargetName, useEsdbTarget } from '../support/esdb-stand-in/jest';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The whole app with its events in EventStoreDB (the protocol stand-in, or the server
 * EVENTSTORE_CONNECTION_STRING names): enroll, book, verify the log, restart, rebuild.
 */
const target = useEsdbTarget();
const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

describe(`the app on EventStoreDB (${esdbTargetName})`, () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let database: TestDatabase;
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  const boot = async () => {
    t = await startTestApp({ database, clock, env: { EVENTSTORE_CONNECTION_STRING: target().connectionString } });
    admin = await t.login();
  };
  const settled = async (enrollmentId: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
      if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('esdb_mode');
    await boot();
  });
  afterAll(async () => {
    await t?.stop();
    await database?.drop();
  });

  it('enrolls to completed, books a lesson, verifies the log; after a restart every rebuilt model is identical', async () => {
    const teacher = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Keys',
      email: `clara-${Date.now()}@esdb.test`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 5,
      availability,
    });
    expect(teacher.status).toBe(201);
    const res = await t.http.post('/api/v1/enrollments').send(enrollmentApplication());
    expect(res.status).toBe(202);
    const enrollment = await settled(res.body.enrollmentId);
    expect(enrollment).toMatchObject({ status: 'completed', teacherId: teacher.body.id, paymentStatus: 'ready' });

    const lesson = await as(t.http.post('/api/v1/lessons')).send({
      studentId: enrollment.studentId,
      teacherId: teacher.body.id,
      startsAt: '2026-10-27T16:00:00-03:00',
    });
    expect(lesson.status).toBe(201);
    await t.app.get(SubscriptionsService).waitForAll(15_000);
    const lessons = (await as(t.http.get(`/api/v1/lessons?studentId=${enrollment.studentId}`))).body;
    expect(lessons.items.length).toBe(2); // the demo lesson and the booked one

    const verified = await as(t.http.get('/api/v1/audit/verify'));
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.eventsChecked).toBeGreaterThan(10);
    // The events are in EventStoreDB, none in PostgreSQL.
    expect(t.app.get<EventStore>(EVENT_STORE).name).toBe('eventstoredb');
    const inPostgres = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ n: number }[]>('SELECT count(*)::int AS n FROM es_events');
    expect(inPostgres).toEqual([{ n: 0 }]);
    if (target().standIn)
      expect(target().standIn!.log.records.length).toBeGreaterThanOrEqual(verified.body.eventsChecked);
    const streamEvents = (await as(t.http.get(`/api/v1/audit/streams/teacher-${teacher.body.id}`))).body.events;
    expect(streamEvents[0]).toMatchObject({ type: 'TeacherRegistered', streamPosition: 0 });

    // A restart reads its state back from the log and its checkpoints, and carries on.
    await t.stop();
    await boot();
    expect((await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`))).body.status).toBe('completed');
    expect((await as(t.http.get('/api/v1/audit/verify'))).body).toMatchObject({
      ok: true,
      eventsChecked: verified.body.eventsChecked,
    });

    const projections = (
      (await as(t.http.get('/api/v1/admin/projections'))).body.items as { name: string; kind: string; status: string }[]
    ).filter((p) => p.kind === 'projection');
    expect(projections.map((p) => p.name)).toEqual(
      expect.arrayContaining(['teachers', 'enrollments', 'lessons', 'students', 'users', 'payments']),
    );
    for (const p of projections) {
      const rebuilt = await as(t.http.post(`/api/v1/admin/projections/${p.name}/rebuild?wait=true`));
      expect({ name: p.name, status: rebuilt.status, body: rebuilt.body }).toMatchObject({
        name: p.name,
        status: 200,
        body: { status: 'succeeded', result: { identical: true, failed: [] } },
      });
      expect(rebuilt.body.result.events).toBeGreaterThan(0);
    }
  }, 120_000);
});
