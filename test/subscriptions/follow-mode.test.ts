import { startTestApp } from '../support/test-app';

/**
 * SUBSCRIPTIONS_MODE=follow: an API instance beside one that runs the projections and sagas. It
 * never runs a subscription, not even when nobody else does, and a command sent to it still
 * answers only once the read model (kept by the other instance) shows the change.
 */
interface Status {
  name: string;
  status: string;
  activeIn: string | null;
}

it('a following instance never runs a subscription, and its commands still wait for their read models', async () => {
  const runner = await startTestApp();
  const follower = await startTestApp({ database: runner.database, env: { SUBSCRIPTIONS_MODE: 'follow' } });
  try {
    const token = await follower.login();
    const auth = { Authorization: `Bearer ${token}` };
    const statuses = async (t: typeof runner) =>
      (await t.http.get('/api/v1/admin/projections').set(auth)).body.items as Status[];

    const followed = await statuses(follower);
    expect(followed.length).toBeGreaterThan(10);
    expect(followed.filter((s) => s.status !== 'standby')).toEqual([]);
    expect((await statuses(runner)).filter((s) => s.status === 'standby')).toEqual([]);

    const created = await follower.http
      .post('/api/v1/teachers')
      .set(auth)
      .send({
        firstName: 'Nadia',
        lastName: 'Boulanger',
        email: 'nadia@follow.test',
        instruments: ['piano'],
        hourlyRate: 80,
        availability: { tuesday: [{ start: '16:00', end: '19:00' }] },
      });
    expect(created.status).toBe(201);
    // answered after the runner's projection had it: readable at once, from the follower
    expect((await follower.http.get(`/api/v1/teachers/${created.body.id}`).set(auth)).status).toBe(200);

    // With the runner gone, nobody runs the subscriptions: the follower still does not take them.
    await runner.stop();
    await new Promise((r) => setTimeout(r, 2_500)); // standbys try to take over every second
    const orphaned = await statuses(follower);
    expect(orphaned.filter((s) => s.status !== 'standby' || s.activeIn !== null)).toEqual([]);
  } finally {
    await follower.stop();
    await runner.database.drop();
  }
});
