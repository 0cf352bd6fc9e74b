import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { TeachersProjection } from '../../projections/teachers/teachers.projection';
import { PG_POOL } from '../../src/core.module';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ShadowRebuild } from '../../src/subscriptions/shadow-rebuild';
import { Projection } from '../../src/subscriptions/subscription.types';
import { systemMetadata } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const registered = (n: number) => {
  const teacherId = randomUUID();
  return {
    stream: `teacher-${teacherId}`,
    event: {
      eventId: randomUUID(),
      type: 'TeacherRegistered',
      data: {
        teacherId,
        userId: null,
        firstName: `T${n}`,
        lastName: 'Readable',
        email: `t${n}-${teacherId.slice(0, 8)}@readable.test`,
        instruments: ['piano'],
        hourlyRateCents: 8000,
        maxStudents: 10,
        availability: { monday: [{ start: '09:00', end: '17:00' }] },
        bio: null,
      },
      metadata: systemMetadata(new Date().toISOString(), randomUUID()),
    },
  };
};

describe('a rebuild replays every event committed before it started', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ subscriptions: { enabled: false } });
  });
  afterAll(() => t?.close());

  it('waits while a transaction begun before the last of them keeps it unreadable', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const first = registered(1);
    await store.append(first.stream, [first.event], 'no_stream');

    // A transaction with an older number than the next append, open while the rebuild starts:
    // the log shows that append only once it has finished.
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const second = registered(2);
    await store.append(second.stream, [second.event], 'no_stream');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void holder
          .query('COMMIT')
          .then(() => holder.end())
          .then(resolve);
      }, 500),
    );

    const projection = t.app.get<Projection>(TeachersProjection);
    const rebuild = new ShadowRebuild(projection, t.app.get(MikroORM), store, t.app.get<Pool>(PG_POOL));
    await rebuild.acquire();
    const report = await rebuild.run().finally(() => rebuild.release());
    await released;

    const rows = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ first_name: string }[]>("SELECT first_name FROM teachers WHERE last_name = 'Readable' ORDER BY 1");
    expect(rows.map((r) => r.first_name)).toEqual(['T1', 'T2']);
    const [secondStored] = await store.readStream(second.stream);
    expect(report.comparedAt.rebuilt).toBeGreaterThanOrEqual(secondStored.position);
  });
});
