import { Client } from 'pg';
import { ADMIN, startTestApp } from '../support/test-app';

/**
 * SUBSCRIPTIONS_MODE=projections / sagas: the read models in a process of their own, the
 * workflows in another. Each instance runs only its kind and follows the other, never taking it
 * over; a command still answers once its read model, kept by the other process, shows it.
 */
interface Status {
  name: string;
  kind: 'projection' | 'saga';
  status: string;
}

it('an instance running sagas never runs a projection, the projector never a saga, and commands still read their writes', async () => {
  // The sagas' instance starts first: were it to take whatever is free, it would hold every projection too.
  const sagas = await startTestApp({ env: { SUBSCRIPTIONS_MODE: 'sagas' } });
  const projector = await startTestApp({ database: sagas.database, env: { SUBSCRIPTIONS_MODE: 'projections' } });
  try {
    // The admin the sagas' instance created at boot is in the users read model once the projector,
    // just started, has caught up with the log: only then can it sign in on either instance.
    const db = new Client({ connectionString: sagas.databaseUrl });
    await db.connect();
    try {
      for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
        if ((await db.query('SELECT 1 FROM users WHERE email = $1', [ADMIN.email])).rowCount) break;
      }
    } finally {
      await db.end();
    }
    const token = await sagas.login();
    const auth = { Authorization: `Bearer ${token}` };
    const statuses = async (t: typeof sagas) =>
      (await t.http.get('/api/v1/admin/projections').set(auth)).body.items as Status[];
    const running = (items: Status[]) =>
      items
        .filter((s) => s.status !== 'standby')
        .map((s) => s.kind)
        .filter((k, i, all) => all.indexOf(k) === i);

    await new Promise((r) => setTimeout(r, 1_500)); // standbys try to take over every second
    const onSagas = await statuses(sagas);
    expect(onSagas.filter((s) => s.kind === 'projection').length).toBeGreaterThan(3);
    expect(running(onSagas)).toEqual(['saga']);
    expect(running(await statuses(projector))).toEqual(['projection']);

    const created = await sagas.http
      .post('/api/v1/teachers')
      .set(auth)
      .send({
        firstName: 'Nadia',
        lastName: 'Boulanger',
        email: 'nadia@apart.test',
        instruments: ['piano'],
        hourlyRate: 80,
        availability: { tuesday: [{ start: '16:00', end: '19:00' }] },
      });
    expect(created.status).toBe(201);
    // answered after the projector's read model had it: readable at once, from the sagas' instance
    expect((await sagas.http.get(`/api/v1/teachers/${created.body.id}`).set(auth)).status).toBe(200);
  } finally {
    await projector.stop();
    await sagas.stop();
    await sagas.database.drop();
  }
});
