import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { CommandExecutor } from '../../src/cqrs/command-executor';
import { EVENT_STORE, EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { AuditLogService } from '../../src/audit/audit-log.service';
import { deriveId, newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { teacherDecider } from '../../src/teachers/teacher.decider';
import { teacherStream } from '../../src/teachers/teacher.events';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * TeacherRegistered changed shape (v1 `maxStudents` → v2 `seats`). Events written by the
 * previous version stay in the log as they were; every reader must still understand them.
 */
describe('schema evolution: TeacherRegistered v1 events in a v2 world', () => {
  let t: TestApp;
  let admin: string;
  let store: EventStore;
  const small = newId();
  const large = newId();

  /** A TeacherRegistered exactly as version 1 of the product wrote it. */
  const v1Registered = (teacherId: string, maxStudents: number): NewEvent => ({
    eventId: deriveId('v1-event', teacherId),
    type: 'TeacherRegistered',
    data: {
      teacherId,
      userId: deriveId('teacher-user', teacherId),
      firstName: 'Legacy',
      lastName: `Teacher ${maxStudents}`,
      email: `legacy-${teacherId.slice(0, 8)}@example.com`,
      instruments: ['violin'],
      hourlyRateCents: 70_00,
      maxStudents,
      availability: { monday: [{ start: '15:00', end: '20:00' }] },
      bio: null,
    },
    metadata: {
      correlationId: newId(),
      causationId: null,
      actor: { id: 'system', role: 'system' },
      occurredAt: '2026-09-01T12:00:00.000Z',
      schemaVersion: 1,
    },
  });

  const teacher = async (id: string) => {
    const res = await t.http.get(`/api/v1/teachers/${id}`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    return res.body as { maxStudents: number; currentStudents: number } & Record<string, unknown>;
  };
  const takeSeat = (teacherId: string, studentId: string) =>
    t.app
      .get(CommandExecutor)
      .execute(
        teacherStream(teacherId),
        teacherDecider,
        { type: 'TakeTeacherSeat', teacherId, studentId },
        t.app.get(CommandContextFactory).create(),
      );

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    store = t.app.get<EventStore>(EVENT_STORE);
    await store.append(teacherStream(small), [v1Registered(small, 1)], 'no_stream');
    await store.append(
      teacherStream(large),
      [
        v1Registered(large, 3),
        {
          ...v1Registered(large, 3),
          eventId: deriveId('v1-seat', large),
          type: 'TeacherSeatTaken',
          data: { teacherId: large, studentId: newId() },
        },
      ],
      'no_stream',
    );
    expect(await t.app.get(SubscriptionsService).waitForAll(10_000)).toBe(true);
  });
  afterAll(() => t.close());

  it('keeps the stored events as they were written: version 1, maxStudents', async () => {
    const [raw] = await store.readStream(teacherStream(small), { upcast: false });
    expect(raw.metadata.schemaVersion).toBe(1);
    expect(raw.data).toMatchObject({ maxStudents: 1 });
    expect(raw.data).not.toHaveProperty('seats');
    const [read] = await store.readStream(teacherStream(small));
    expect(read.metadata.schemaVersion).toBe(2);
    expect(read.data).toMatchObject({ seats: 1 });
    expect(read.data).not.toHaveProperty('maxStudents');
  });

  it('the projection reads them: seats from maxStudents', async () => {
    expect(await teacher(small)).toMatchObject({ maxStudents: 1, currentStudents: 0, instruments: ['violin'] });
    expect(await teacher(large)).toMatchObject({ maxStudents: 3, currentStudents: 1 });
  });

  it('the decider reads them on the command path: a one-seat teacher refuses a second student', async () => {
    await takeSeat(small, newId());
    await expect(takeSeat(small, newId())).rejects.toMatchObject({ code: 'TEACHER_FULL' });
    await takeSeat(large, newId());
    await takeSeat(large, newId());
    await expect(takeSeat(large, newId())).rejects.toMatchObject({ code: 'TEACHER_FULL' });
    expect(await t.app.get(SubscriptionsService).waitForAll(10_000)).toBe(true);
    expect(await teacher(small)).toMatchObject({ maxStudents: 1, currentStudents: 1 });
    expect(await teacher(large)).toMatchObject({ maxStudents: 3, currentStudents: 3 });
  });

  it('a rebuild from position 0 reads them into the same rows', async () => {
    const before = [await teacher(small), await teacher(large)];
    const report = await t.app.get(SubscriptionsService).rebuild('teachers');
    expect(report.events).toBeGreaterThanOrEqual(7);
    expect([await teacher(small), await teacher(large)]).toEqual(before);
  });

  it('writes new events at version 2, and old and new chain and verify alike', async () => {
    const res = await t.http
      .post('/api/v1/teachers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        firstName: 'Nova',
        lastName: 'Keys',
        email: `nova-${newId().slice(0, 8)}@example.com`,
        instruments: ['piano'],
        hourlyRate: 80,
        maxStudents: 7,
        availability: { monday: [{ start: '15:00', end: '20:00' }] },
      });
    expect(res.status).toBe(201);
    const [raw] = await store.readStream(teacherStream(res.body.id), { upcast: false });
    expect(raw.metadata.schemaVersion).toBe(2);
    expect(raw.data).toMatchObject({ seats: 7 });
    expect(raw.data).not.toHaveProperty('maxStudents');
    expect(await t.app.get(SubscriptionsService).waitForAll(10_000)).toBe(true);
    expect(await teacher(res.body.id)).toMatchObject({ maxStudents: 7, currentStudents: 0 });
    expect(await t.app.get(AuditLogService).verify()).toMatchObject({ ok: true });
  });
});
