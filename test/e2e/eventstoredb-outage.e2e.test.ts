import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { useEsdbTarget } from '../support/esdb-stand-in/jest';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * EventStoreDB going away and coming back (the protocol stand-in, stopped and started again on
 * the same port with the same data): commands answer 503, subscriptions retry and say so, and
 * once it is back nothing is lost or applied twice.
 */
const target = useEsdbTarget();
const onStandIn = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;
const availability = { monday: [{ start: '15:00', end: '20:00' }] };

onStandIn('the app when EventStoreDB is down or fails', () => {
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  const teacher = (firstName: string) =>
    as(t.http.post('/api/v1/teachers')).send({
      firstName,
      lastName: 'Outage',
      email: `${firstName.toLowerCase()}@outage.test`,
      instruments: ['piano'],
      hourlyRate: 70,
      maxStudents: 5,
      availability,
    });
  const statuses = async () =>
    (await as(t.http.get('/api/v1/admin/projections'))).body.items as {
      name: string;
      status: string;
      lastError: string | null;
    }[];
  const until = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { EVENTSTORE_CONNECTION_STRING: target().connectionString },
      subscriptions: {
        projection: {
          batchSize: 500,
          pollIntervalMs: 200,
          retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 },
        },
      },
    });
    admin = await t.login();
  });
  afterAll(async () => {
    await target().standIn?.start();
    await t?.close();
  });

  it('answers 503 while the server is down, reports the subscriptions retrying, and carries on exactly once when it is back', async () => {
    const standIn = target().standIn!;
    expect((await teacher('Ada')).status).toBe(201);
    expect(await t.app.get(SubscriptionsService).waitForAll(15_000)).toBe(true);

    await standIn.stop();
    const down = await teacher('Bea');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      statusCode: 503,
      code: 'EVENT_STORE_UNAVAILABLE',
      message: expect.stringContaining('event store is not reachable'),
    });
    expect(down.headers['retry-after']).toBeDefined();
    await until('the teachers projection to report retrying', async () => {
      const teachers = (await statuses()).find((s) => s.name === 'teachers');
      return teachers?.status === 'retrying' && /reading the log failed/.test(teachers.lastError ?? '');
    });

    await standIn.start();
    let back = await teacher('Cleo');
    await until('commands to work again', async () => {
      if (back.status === 503) back = await teacher('Cleo');
      return back.status === 201;
    });
    expect(await t.app.get(SubscriptionsService).waitForAll(20_000)).toBe(true);
    await until('every subscription to be live again', async () =>
      (await statuses()).every((s) => s.status === 'live' && s.lastError === null),
    );

    // An unknown error from the server is a 503 too, and writes nothing.
    standIn.log.failNextAppends = { count: 1, error: 'unknown' };
    const failed = await teacher('Dora');
    expect(failed.status).toBe(503);
    expect((await teacher('Dora')).status).toBe(201);
    expect(await t.app.get(SubscriptionsService).waitForAll(15_000)).toBe(true);

    const names = ((await as(t.http.get('/api/v1/teachers?limit=100'))).body.items as { firstName: string }[])
      .map((x) => x.firstName)
      .sort();
    expect(names).toEqual(['Ada', 'Cleo', 'Dora']);
    const registered = standIn.log.records
      .filter((r) => r.type === 'TeacherRegistered')
      .map((r) => JSON.parse(r.data.toString()).firstName)
      .sort();
    expect(registered).toEqual(['Ada', 'Cleo', 'Dora']);
    expect((await as(t.http.get('/api/v1/audit/verify'))).body).toMatchObject({ ok: true });
  }, 90_000);
});
