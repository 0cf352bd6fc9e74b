import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { Metrics } from '../../src/operations/metrics';
import { SubscriptionHandler, SubscriptionRunner } from '../../src/subscriptions/subscription-runner';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { TeacherOnboardingWorkflow } from '../../src/teachers/teacher-onboarding.workflow';
import { createTestDatabase } from '../support/database';
import { startTestApp, TestApp } from '../support/test-app';

const teacherBody = (email: string) => ({
  firstName: 'Nadia',
  lastName: 'Boulanger',
  email,
  instruments: ['piano'],
  hourlyRate: 80,
  availability: { tuesday: [{ start: '16:00', end: '19:00' }] },
});

const sql = async <T = Record<string, unknown>>(t: TestApp, query: string, params: unknown[] = []) =>
  t.app.get(EntityManager).fork().execute<T[]>(query, params);

describe('projection: row changes and checkpoint commit together, exactly once', () => {
  let t: TestApp;
  // The teachers projection fails on TeacherRegistered until the test has looked at the state
  // between: whichever batch it comes in, and however often it is tried meanwhile.
  let failing = true;
  let failures = 0;

  beforeAll(async () => {
    t = await startTestApp({
      subscriptions: {
        projection: { batchSize: 100, pollIntervalMs: 50, retry: { attempts: 5, baseDelayMs: 8000, maxDelayMs: 8000 } },
        faults: {
          beforeCheckpoint: (projection, events) => {
            if (projection === 'teachers' && failing && events.some((e) => e.type === 'TeacherRegistered')) {
              failures++;
              throw new Error('injected failure between the row change and the checkpoint');
            }
          },
        },
      },
    });
  });
  afterAll(() => t.close());

  it('a failure after the rows were written leaves neither; the retry applies the event once', async () => {
    const token = await t.login();
    const [{ position: before }] = await sql<{ position: string }>(
      t,
      "SELECT position FROM subscription_checkpoints WHERE name = 'teachers'",
    );

    const res = await t.http
      .post('/api/v1/teachers')
      .auth(token, { type: 'bearer' })
      .send(teacherBody('nadia@example.com'));
    expect(res.status).toBe(201);
    expect(failures).toBeGreaterThan(0);

    // After the failed attempts (the POST stopped waiting after 5 s; retries come 8 s apart): no row, checkpoint unmoved.
    expect(await sql(t, 'SELECT id FROM teachers WHERE id = ?', [res.body.id])).toEqual([]);
    const [{ position: during }] = await sql<{ position: string }>(
      t,
      "SELECT position FROM subscription_checkpoints WHERE name = 'teachers'",
    );
    expect(during).toBe(before);

    // After the next retry, which succeeds: exactly one row, and the checkpoint at the event.
    failing = false;
    expect(await t.app.get(SubscriptionsService).waitForAll(15_000)).toBe(true);
    expect(await sql(t, 'SELECT id FROM teachers WHERE id = ?', [res.body.id])).toHaveLength(1);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const [registered] = await store.readStream(`teacher-${res.body.id}`);
    const [{ position: after }] = await sql<{ position: string }>(
      t,
      "SELECT position FROM subscription_checkpoints WHERE name = 'teachers'",
    );
    expect(Number(after)).toBeGreaterThanOrEqual(registered.position);
    const statuses = await t.app.get(SubscriptionsService).statuses();
    expect(statuses.find((s) => s.name === 'teachers')).toMatchObject({ parked: 0, lagSeconds: 0 });
  });
});

describe('saga: a redelivered event changes nothing', () => {
  it('re-handling every event (directly, and after resetting the checkpoint and restarting) adds no events', async () => {
    const database = await createTestDatabase('saga_redelivery');
    let t = await startTestApp({ database });
    const token = await t.login();
    for (const email of ['a@example.com', 'b@example.com']) {
      expect(
        (await t.http.post('/api/v1/teachers').auth(token, { type: 'bearer' }).send(teacherBody(email))).status,
      ).toBe(201);
    }
    await t.app.get(SubscriptionsService).waitForAll(5000);
    const countEvents = async () => Number((await sql<{ n: string }>(t, 'SELECT count(*) AS n FROM es_events'))[0].n);
    const users = async () =>
      sql(t, "SELECT id, email, role, teacher_id FROM users WHERE role = 'teacher' ORDER BY email");
    const eventsBefore = await countEvents();
    const usersBefore = await users();
    expect(usersBefore).toHaveLength(2);

    // 1. Deliver each TeacherRegistered to the saga again, by hand.
    const saga = t.app.get(TeacherOnboardingWorkflow);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const registered = await store.readAll({ types: ['TeacherRegistered'] });
    for (const e of registered) await saga.handle(e);
    expect(await countEvents()).toBe(eventsBefore);

    // 2. Rewind the saga's checkpoint and restart: it replays the whole log.
    await t.stop();
    t = await startTestApp({ database });
    await sql(t, "UPDATE subscription_checkpoints SET position = 0 WHERE name = 'workflow:teacher-onboarding'");
    await t.stop();
    t = await startTestApp({ database });
    expect(await t.app.get(SubscriptionsService).waitForAll(5000)).toBe(true);
    expect(await countEvents()).toBe(eventsBefore);
    expect(await users()).toEqual(usersBefore);
    const status = (await t.app.get(SubscriptionsService).statuses()).find(
      (s) => s.name === 'workflow:teacher-onboarding',
    );
    expect(status).toMatchObject({ parked: 0, lastError: null });
    await t.close();
  });
});

describe('saga: a stored checkpoint behind its own', () => {
  it('is found at the next move, and the events since are handled again without effect', async () => {
    const t = await startTestApp();
    try {
      const token = await t.login();
      const service = t.app.get(SubscriptionsService);
      const post = (email: string) =>
        t.http.post('/api/v1/teachers').auth(token, { type: 'bearer' }).send(teacherBody(email));
      expect((await post('c@example.com')).status).toBe(201);
      expect(await service.waitForAll(5000)).toBe(true);
      const countEvents = async () => Number((await sql<{ n: string }>(t, 'SELECT count(*) AS n FROM es_events'))[0].n);
      const before = await countEvents();

      // The stored checkpoint moved behind the one the running saga holds, as an operator's
      // rewind or a database restored from a backup would leave it.
      await sql(t, "UPDATE subscription_checkpoints SET position = 0 WHERE name = 'workflow:teacher-onboarding'");
      expect((await post('d@example.com')).status).toBe(201);
      expect(await service.waitForAll(5000)).toBe(true);

      // The move after the next event found it, and the saga handled everything since again: the
      // new teacher's account once, nothing more for the first.
      const users = await sql<{ email: string }>(t, "SELECT email FROM users WHERE role = 'teacher' ORDER BY email");
      expect(users.map((u) => u.email)).toEqual(['c@example.com', 'd@example.com']);
      const onboarding = (await service.statuses()).find((s) => s.name === 'workflow:teacher-onboarding');
      expect(onboarding).toMatchObject({ parked: 0, lastError: null });
      const [{ position }] = await sql<{ position: string }>(
        t,
        "SELECT position FROM subscription_checkpoints WHERE name = 'workflow:teacher-onboarding'",
      );
      expect(Number(position)).toBeGreaterThan(0);
      const registeredSecond = await sql<{ n: string }>(
        t,
        "SELECT count(*) AS n FROM es_events WHERE type = 'TeacherRegistered'",
      );
      expect(Number(registeredSecond[0].n)).toBe(2);
      expect(await countEvents()).toBeGreaterThan(before);
      const again = await countEvents();
      expect(await service.waitForAll(2000)).toBe(true);
      expect(await countEvents()).toBe(again);
    } finally {
      await t.close();
    }
  });
});

describe('a handler that keeps failing on one event', () => {
  it('is retried with back-off, then the event is parked and reported, and the rest flows on', async () => {
    const t = await startTestApp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    const type = `Probe${randomUUID().slice(0, 8)}`;
    const em = t.app.get(EntityManager);
    const attempts: Record<string, number> = {};
    const handled: number[] = [];
    let checkpoint = 0;
    const handler: SubscriptionHandler = {
      name: 'failing-probe',
      kind: 'saga',
      eventTypes: [type],
      loadCheckpoint: async () => checkpoint,
      handleBatch: async (events: readonly RecordedEvent[]) => {
        for (const e of events) {
          const n = (e.data as { n: number }).n;
          attempts[n] = (attempts[n] ?? 0) + 1;
          if (n === 2) throw new Error('poison event');
          handled.push(n);
        }
        checkpoint = events[events.length - 1].position;
      },
      park: async (event, error, count) => {
        await em
          .fork()
          .execute(
            'INSERT INTO subscription_parked (subscription, position, event_id, event_type, stream_id, error, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)',
            ['failing-probe', event.position, event.eventId, event.type, event.streamId, error, count],
          );
        checkpoint = event.position;
      },
      countParked: async () =>
        Number(
          (
            await em
              .fork()
              .execute<{ n: string }[]>(
                "SELECT count(*) AS n FROM subscription_parked WHERE subscription = 'failing-probe'",
              )
          )[0].n,
        ),
    };
    const metrics = new Metrics();
    const runner = new SubscriptionRunner(
      handler,
      store,
      { batchSize: 10, pollIntervalMs: 20, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100 } },
      metrics,
    );
    for (const n of [1, 2, 3]) {
      await store.append(
        `probe-${randomUUID()}`,
        [
          {
            eventId: randomUUID(),
            type,
            data: { n },
            metadata: {
              correlationId: 'c',
              causationId: null,
              actor: { id: 'system', role: 'system' },
              occurredAt: new Date().toISOString(),
              schemaVersion: 1,
            },
          },
        ],
        'no_stream',
      );
    }
    await runner.start();
    const deadline = Date.now() + 5000;
    while (!handled.includes(3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();

    expect(handled.filter((n) => n !== 1)).toEqual([3]);
    // once inside the failing batch, then the policy's 4 attempts on its own
    expect(attempts[2]).toBe(1 + 4);
    const status = await runner.status();
    expect(status.parked).toBe(1);
    const [parked] = await em
      .fork()
      .execute<{ event_type: string; attempts: number; error: string }[]>(
        "SELECT event_type, attempts, error FROM subscription_parked WHERE subscription = 'failing-probe'",
      );
    expect(parked).toMatchObject({ event_type: type, attempts: 4 });
    expect(parked.error).toContain('poison event');
    expect(await metrics.registry.getSingleMetricAsString('subscription_parked_events')).toContain(
      'subscription="failing-probe"} 1',
    );
    await t.close();
  });
});
