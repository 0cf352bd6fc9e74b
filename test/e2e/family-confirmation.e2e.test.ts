import { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const availability = {
  monday: [{ start: '15:00', end: '20:00' }],
  tuesday: [{ start: '15:00', end: '20:00' }],
  wednesday: [{ start: '15:00', end: '20:00' }],
};

/**
 * The public form names an address that already has a family account: the enrollment is held
 * until that family confirms it, and nothing of the family changes before (or without) that.
 */
describe('enrollments for an existing family', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  const em = () => t.app.get(EntityManager).fork();
  const store = () => t.app.get<EventStore>(EVENT_STORE);

  async function settled(enrollmentId: string) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
      if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const outbox = (to: string, template?: string) =>
    em().execute<{ template: string; text_body: string; html_body: string }[]>(
      `SELECT template, text_body, html_body FROM email_outbox WHERE recipient = ?${template ? ' AND template = ?' : ''} ORDER BY created_at`,
      [to.toLowerCase(), ...(template ? [template] : [])],
    );
  const eventsOf = async (enrollmentId: string) =>
    (await store().readStream(`enrollment-${enrollmentId}`)).map((e) => e.type);
  const savedCard = async (parentId: string) =>
    (
      await em().execute<{ payment_method_id: string }[]>(
        'SELECT payment_method_id FROM family_payment_methods WHERE parent_id = ?',
        [parentId],
      )
    )[0]?.payment_method_id;
  const studentsOf = async (parent: string) =>
    ((await as(t.http.get('/api/v1/students'), parent)).body.items as { firstName: string }[])
      .map((s) => s.firstName)
      .sort();
  const linkIn = (text: string) => {
    const m = /\/enrollments\/confirm\?enrollment=([\w-]+)&token=([\w-]+)/.exec(text)!;
    return { enrollment: m[1], token: m[2] };
  };

  /** A family whose parent has signed in once: their first enrollment completed, password set. */
  let family: { email: string; parentId: string; token: string; card: string; firstEnrollment: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Teacher',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano', 'violin', 'guitar'],
      hourlyRate: 80,
      maxStudents: 20,
      availability,
    });
    expect(res.status).toBe(201);
    const app = enrollmentApplication();
    const first = await t.http.post('/api/v1/enrollments').send(app);
    const e = await settled(first.body.enrollmentId);
    expect(e.status).toBe('completed');
    const [welcome] = await outbox(app.parentEmail, 'parent-welcome');
    const token = /set-password\?token=([\w-]+)/.exec(welcome.text_body)![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-good-long-password' })).status,
    ).toBe(200);
    family = {
      email: app.parentEmail,
      parentId: e.parentId,
      token: await t.login(app.parentEmail, 'a-good-long-password'),
      card: (await savedCard(e.parentId))!,
      firstEnrollment: e.enrollmentId,
    };
    expect(family.card).toBeTruthy();
  });
  afterAll(() => t.close());

  it("holds a stranger's enrollment naming the family's address (any letter case): no child, seat, lesson, card or welcome until the family answers", async () => {
    const stranger = enrollmentApplication({
      parentEmail: family.email.toUpperCase(),
      parentFirstName: 'Eve',
      studentFirstName: 'Mallory',
      paymentToken: 'pm_card_mastercard',
    });
    const res = await t.http.post('/api/v1/enrollments').send(stranger);
    // The public answer is the same as for a new family: it does not tell that the address has an account.
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      enrollmentId: expect.any(String),
      status: 'pending',
      followUrl: expect.stringMatching(/\/enrollments\/follow\?enrollment=[\w-]+&token=[\w-]+$/),
    });
    const held = await settled(res.body.enrollmentId);
    expect(held).toMatchObject({
      status: 'awaiting-family-confirmation',
      parentId: family.parentId,
      confirmBy: '2026-10-28T12:00:00.000Z',
    });
    expect(held.studentId).toBeUndefined();
    expect(held.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'ValidateEnrollment:completed',
      'IdentifyFamily:completed',
      'AwaitFamilyConfirmation:waiting',
    ]);
    expect(await eventsOf(res.body.enrollmentId)).not.toContain('PaymentMethodSetUp');
    expect(await studentsOf(family.token)).toEqual(['Lily']);
    expect(await savedCard(family.parentId)).toBe(family.card);
    // The family, at the address on file, is asked; the stranger is greeted by nobody.
    expect(await outbox(family.email, 'parent-welcome')).toHaveLength(1);
    const [ask] = await outbox(family.email, 'family-confirmation');
    expect(ask.text_body).toContain('Dear Mei Chen');
    expect(ask.text_body).toContain('enroll Mallory in piano lessons');
    expect(ask.text_body).not.toContain('Eve');
    expect(linkIn(ask.text_body).enrollment).toBe(res.body.enrollmentId);
    // The family can see it signed in; nobody else can.
    expect((await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`), family.token)).body.status).toBe(
      'awaiting-family-confirmation',
    );
  });

  it('lets the family decline by the emailed link: nothing is created, and the answer holds', async () => {
    const res = await t.http
      .post('/api/v1/enrollments')
      .send(enrollmentApplication({ parentEmail: family.email, studentFirstName: 'Trudy', instrument: 'violin' }));
    await settled(res.body.enrollmentId);
    const link = linkIn(
      (await outbox(family.email, 'family-confirmation')).find((m) => m.text_body.includes('Trudy'))!.text_body,
    );
    // A wrong token reads as no such link, whatever the enrollment.
    expect(
      (
        await t.http
          .post(`/api/v1/enrollments/${link.enrollment}/decline`)
          .send({ token: `${link.token.slice(0, -2)}xx` })
      ).status,
    ).toBe(404);
    expect((await t.http.post(`/api/v1/enrollments/${link.enrollment}/confirm`).send({})).status).toBe(400);
    const declined = await t.http.post(`/api/v1/enrollments/${link.enrollment}/decline`).send({ token: link.token });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      enrollmentId: link.enrollment,
      status: 'declined',
      studentFirstName: 'Trudy',
    });
    expect(
      (await t.http.post(`/api/v1/enrollments/${link.enrollment}/decline`).send({ token: link.token })).status,
    ).toBe(200);
    expect(
      (await t.http.post(`/api/v1/enrollments/${link.enrollment}/confirm`).send({ token: link.token })).status,
    ).toBe(409);
    const e = await settled(link.enrollment);
    expect(e).toMatchObject({ status: 'declined', reason: 'the family said it did not ask for this enrollment' });
    expect(await eventsOf(link.enrollment)).not.toContain('FamilyConfirmed');
    expect(await studentsOf(family.token)).toEqual(['Lily']);
  });

  it('lets the family confirm on the page behind the link; the new card sits beside the saved one, which stays the card charged', async () => {
    const res = await t.http.post('/api/v1/enrollments').send(
      enrollmentApplication({
        parentEmail: family.email,
        parentFirstName: 'Someone',
        studentFirstName: 'Zoë <b>',
        instrument: 'guitar',
        paymentToken: 'pm_card_mastercard',
        preferredLessonDay: 'wednesday',
      }),
    );
    await settled(res.body.enrollmentId);
    const link = linkIn(
      (await outbox(family.email, 'family-confirmation')).find((m) => m.text_body.includes('guitar'))!.text_body,
    );
    // Opening the page changes nothing (mail scanners open links too); the child's name is shown as text.
    const page = await t.http.get('/enrollments/confirm').query(link);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Zoë &lt;b&gt;');
    expect(page.text).not.toContain('Zoë <b>');
    expect(page.text).toContain('name="answer" value="confirm"');
    expect((await settled(link.enrollment)).status).toBe('awaiting-family-confirmation');
    expect((await t.http.get('/enrollments/confirm').query({ ...link, token: 'nope' })).status).toBe(404);

    const answered = await t.http
      .post('/enrollments/confirm')
      .type('form')
      .send({ ...link, answer: 'confirm' });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('is being enrolled');
    const e = await settled(link.enrollment);
    expect(e).toMatchObject({ status: 'completed', parentId: family.parentId });
    expect(e.steps.find((s: { name: string }) => s.name === 'AwaitFamilyConfirmation')).toMatchObject({
      status: 'completed',
      detail: 'confirmed by the family from the emailed link',
    });
    expect(await studentsOf(family.token)).toEqual(['Lily', 'Zoë <b>']);
    const setUp = (await store().readStream(`enrollment-${link.enrollment}`)).find(
      (ev) => ev.type === 'PaymentMethodSetUp',
    )!;
    expect(setUp.data).toMatchObject({ parentId: family.parentId, makeDefault: false, brand: 'mastercard' });
    // one customer per family: the one its first enrollment made
    const firstSetUp = (await store().readStream(`enrollment-${family.firstEnrollment}`)).find(
      (ev) => ev.type === 'PaymentMethodSetUp',
    )!;
    expect((setUp.data as { customerId: string }).customerId).toBe(
      (firstSetUp.data as { customerId: string }).customerId,
    );
    expect(await savedCard(family.parentId)).toBe(family.card);
    // The welcome greets the family by its account, not by the names typed into the form.
    const welcome = (await outbox(family.email, 'parent-welcome')).find((m) => m.text_body.includes('guitar'))!;
    expect(welcome.text_body).toContain('Dear Mei Chen');
    expect(welcome.text_body).not.toContain('Someone');
    // The link is spent: the page now says so, and a second answer changes nothing.
    expect(
      (
        await t.http
          .post('/enrollments/confirm')
          .type('form')
          .send({ ...link, answer: 'decline' })
      ).status,
    ).toBe(409);
  });

  it("takes a sibling at once from the family's parent signed in, and refuses another family's address from a signed-in parent", async () => {
    const sibling = enrollmentApplication({
      parentEmail: family.email,
      studentFirstName: 'Max',
      instrument: 'violin',
      preferredLessonDay: 'tuesday',
    });
    const res = await as(t.http.post('/api/v1/enrollments'), family.token).send(sibling);
    expect(res.status).toBe(202);
    const e = await settled(res.body.enrollmentId);
    expect(e).toMatchObject({ status: 'completed', parentId: family.parentId });
    expect(e.steps.find((s: { name: string }) => s.name === 'IdentifyFamily').detail).toBe(
      "sent by the family's parent, signed in",
    );
    expect((await outbox(family.email, 'family-confirmation')).filter((m) => m.text_body.includes('Max'))).toHaveLength(
      0,
    );
    const elsewhere = await as(t.http.post('/api/v1/enrollments'), family.token).send(
      enrollmentApplication({ studentFirstName: 'Other' }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toEqual(expect.stringContaining('parentEmail must be your account'));
  });

  it('answers a form sent twice (or five times at once) with the one enrollment: one child, one seat, one welcome', async () => {
    const app = enrollmentApplication({ studentFirstName: 'Ada', preferredLessonDay: 'tuesday' });
    const first = await t.http.post('/api/v1/enrollments').send(app);
    expect(first.status).toBe(202);
    const again = await t.http
      .post('/api/v1/enrollments')
      .send({ ...app, studentFirstName: ' ada ', parentEmail: app.parentEmail.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ enrollmentId: first.body.enrollmentId, status: expect.any(String) });
    expect((await settled(first.body.enrollmentId)).status).toBe('completed');
    const afterwards = await t.http.post('/api/v1/enrollments').send(app);
    expect(afterwards.status).toBe(200);
    expect(afterwards.body).toEqual({ enrollmentId: first.body.enrollmentId, status: 'completed' });
    // Another instrument is another enrollment (by the family's parent, signed in: the address now has an account).
    const welcome = (await outbox(app.parentEmail, 'parent-welcome'))[0].text_body;
    const token = /set-password\?token=([\w-]+)/.exec(welcome)![1];
    await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-good-long-password' });
    const parent = await t.login(app.parentEmail, 'a-good-long-password');
    const violin = await as(t.http.post('/api/v1/enrollments'), parent).send({ ...app, instrument: 'violin' });
    expect(violin.status).toBe(202);
    expect(violin.body.enrollmentId).not.toBe(first.body.enrollmentId);

    const burst = enrollmentApplication({ studentFirstName: 'Bo', preferredLessonDay: 'wednesday' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.http.post('/api/v1/enrollments').send(burst)));
    const ids = new Set(answers.map((a) => a.body.enrollmentId));
    expect(ids.size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 202]);
    const [id] = ids;
    expect((await settled(id)).status).toBe('completed');
    const submitted = (await store().readAll({ types: ['EnrollmentSubmitted'] })).filter(
      (ev) => (ev.data as { application: { studentFirstName: string } }).application.studentFirstName === 'Bo',
    );
    expect(submitted).toHaveLength(1);
    expect(await outbox(burst.parentEmail, 'parent-welcome')).toHaveLength(1);
    const students = (await as(t.http.get('/api/v1/students')).query({ limit: 200 })).body.items as {
      firstName: string;
    }[];
    expect(students.filter((s) => s.firstName === 'Bo')).toHaveLength(1);
  });

  it('lets a declined request be sent again as a new enrollment', async () => {
    const app = enrollmentApplication({
      parentEmail: family.email,
      studentFirstName: 'Nia',
      instrument: 'violin',
      preferredLessonDay: 'wednesday',
    });
    const held = await t.http.post('/api/v1/enrollments').send(app);
    await settled(held.body.enrollmentId);
    expect((await t.http.post('/api/v1/enrollments').send(app)).body.enrollmentId).toBe(held.body.enrollmentId);
    const link = linkIn(
      (await outbox(family.email, 'family-confirmation')).find((m) => m.text_body.includes('Nia'))!.text_body,
    );
    // The family's parent, signed in, can answer without the link too.
    expect(
      (await as(t.http.post(`/api/v1/enrollments/${link.enrollment}/decline`), family.token).send({})).status,
    ).toBe(200);
    const anew = await t.http.post('/api/v1/enrollments').send(app);
    expect(anew.status).toBe(202);
    expect(anew.body.enrollmentId).not.toBe(held.body.enrollmentId);
  });

  it('expires a request nobody answers, after 7 days; the link then says so', async () => {
    const res = await t.http
      .post('/api/v1/enrollments')
      .send(enrollmentApplication({ parentEmail: family.email, studentFirstName: 'Ivy', instrument: 'guitar' }));
    await settled(res.body.enrollmentId);
    const link = linkIn(
      (await outbox(family.email, 'family-confirmation')).find((m) => m.text_body.includes('Ivy'))!.text_body,
    );
    const run = () => as(t.http.post('/api/v1/admin/jobs/family-confirmation-expiry/run'));
    expect((await run()).status).toBeLessThan(300);
    expect((await settled(link.enrollment)).status).toBe('awaiting-family-confirmation');
    clock.set(new Date(Date.parse(clock.now().toISOString()) + 7 * 24 * 3600 * 1000 + 1000));
    // A week on, the sessions signed in before have ended: sign in again.
    admin = await t.login();
    family.token = await t.login(family.email, 'a-good-long-password');
    expect(
      (await t.http.post(`/api/v1/enrollments/${link.enrollment}/confirm`).send({ token: link.token })).status,
    ).toBe(422);
    await run();
    expect(await settled(link.enrollment)).toMatchObject({
      status: 'expired',
      reason: 'the family did not confirm the enrollment in time',
    });
    expect(
      (await t.http.post(`/api/v1/enrollments/${link.enrollment}/confirm`).send({ token: link.token })).status,
    ).toBe(409);
    expect((await t.http.get('/enrollments/confirm').query(link)).text).toContain('This request has expired');
    expect(await studentsOf(family.token)).not.toContain('Ivy');
  });

  it('parked no event along the way', async () => {
    await t.app.get(SubscriptionsService).waitForAll(15_000);
    expect(await t.app.get(SubscriptionsService).parked()).toEqual([]);
  });
});
