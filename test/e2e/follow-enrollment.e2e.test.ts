import { EntityManager } from '@mikro-orm/postgresql';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

/**
 * Following an enrollment by the secret link of the form's answer. The follow view must not tell
 * whether the parent address already had an account until its owner answered an email we sent.
 */
describe('following an enrollment by its secret link', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);

  async function settled(enrollmentId: string) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
      if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const outbox = async (to: string, template: string) =>
    (
      await t.app
        .get(EntityManager)
        .fork()
        .execute<{ text_body: string }[]>(
          'SELECT text_body FROM email_outbox WHERE recipient = ? AND template = ? ORDER BY created_at',
          [to.toLowerCase(), template],
        )
    )[0].text_body;
  const follow = (followUrl: string) => {
    const u = new URL(followUrl);
    return t.http
      .get(`/api/v1/enrollments/${u.searchParams.get('enrollment')}/follow`)
      .query({ token: u.searchParams.get('token') });
  };
  /** the view with its own enrollment's id left out: what must read alike for both addresses */
  const shown = async (followUrl: string) => {
    const res = await follow(followUrl);
    expect(res.status).toBe(200);
    const { enrollmentId, ...rest } = res.body;
    expect(followUrl).toContain(enrollmentId);
    return rest;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Schumann',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 20,
      availability,
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => t.close());

  it('reads alike for an address with an account and one without, until the owner answers; then shows progress', async () => {
    // A family that exists already, its password set.
    const existing = enrollmentApplication({ studentFirstName: 'Ada' });
    const first = await t.http.post('/api/v1/enrollments').send(existing);
    expect((await settled(first.body.enrollmentId)).status).toBe('completed');
    const firstToken = /set-password\?token=([\w-]+)/.exec(await outbox(existing.parentEmail, 'parent-welcome'))![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token: firstToken, password: 'a-good-long-password' }))
        .status,
    ).toBe(200);

    // The same form, the same child, sent for the existing address and for a new one.
    const form = { studentFirstName: 'Lily', instrument: 'piano' };
    const toExisting = await t.http
      .post('/api/v1/enrollments')
      .send(enrollmentApplication({ ...form, parentEmail: existing.parentEmail }));
    const newcomer = enrollmentApplication(form);
    const toNew = await t.http.post('/api/v1/enrollments').send(newcomer);
    expect([toExisting.status, toNew.status]).toEqual([202, 202]);
    expect(Object.keys(toExisting.body)).toEqual(Object.keys(toNew.body));

    // Before: the existing family's enrollment is held, the new one completed: neither says so.
    expect(await shown(toExisting.body.followUrl)).toEqual({
      studentFirstName: 'Lily',
      instrument: 'piano',
      stage: 'received',
      progress: null,
    });
    expect(await shown(toNew.body.followUrl)).toEqual({
      studentFirstName: 'Lily',
      instrument: 'piano',
      stage: 'received',
      progress: null,
    });
    expect((await settled(toExisting.body.enrollmentId)).status).toBe('awaiting-family-confirmation');
    expect((await settled(toNew.body.enrollmentId)).status).toBe('completed');
    expect(await shown(toExisting.body.followUrl)).toEqual(await shown(toNew.body.followUrl));

    // The new parent sets a password from the welcome email: progress, in academy time.
    const token = /set-password\?token=([\w-]+)/.exec(await outbox(newcomer.parentEmail, 'parent-welcome'))![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'another-long-password' })).status,
    ).toBe(200);
    expect(await shown(toNew.body.followUrl)).toEqual({
      studentFirstName: 'Lily',
      instrument: 'piano',
      stage: 'progress',
      progress: {
        status: 'completed',
        teacherName: 'Clara Schumann',
        demoLesson: {
          startsAt: expect.any(String),
          academyTime: expect.stringMatching(/^\w+day \d+ \w+ 2026 at \d+:\d\d [AP]M A[DS]T$/),
          timeZone: 'America/Halifax',
        },
        reason: null,
      },
    });

    // The existing family confirms by its emailed link: progress there too.
    const link = /\/enrollments\/confirm\?enrollment=([\w-]+)&token=([\w-]+)/.exec(
      await outbox(existing.parentEmail, 'family-confirmation'),
    )!;
    expect((await t.http.post(`/api/v1/enrollments/${link[1]}/confirm`).send({ token: link[2] })).status).toBe(200);
    expect((await shown(toExisting.body.followUrl)).stage).toBe('progress');
    expect((await settled(toExisting.body.enrollmentId)).status).toBe('completed');
    expect(await shown(toExisting.body.followUrl)).toMatchObject({
      stage: 'progress',
      progress: { status: 'completed', teacherName: 'Clara Schumann' },
    });
  });

  it("a wrong token, another enrollment's token and an unknown enrollment are the same 404", async () => {
    const a = await t.http.post('/api/v1/enrollments').send(enrollmentApplication());
    const b = await t.http.post('/api/v1/enrollments').send(enrollmentApplication());
    const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
    const probe = (id: string, token: string) => t.http.get(`/api/v1/enrollments/${id}/follow`).query({ token });
    const wrong = await probe(a.body.enrollmentId, 'x'.repeat(43));
    const crossed = await probe(a.body.enrollmentId, tokenOf(b.body.followUrl));
    const unknown = await probe(newId(), tokenOf(a.body.followUrl));
    for (const res of [wrong, crossed, unknown]) {
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('this follow link is not valid');
    }
    expect((await t.http.get(`/api/v1/enrollments/${a.body.enrollmentId}/follow`)).status).toBe(400);
  });
});
