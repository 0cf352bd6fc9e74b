import { EntityManager } from '@mikro-orm/postgresql';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

describe('enrollment, end to end', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // Wednesday; 24 h notice → Monday is the first lesson day
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);

  async function teacher(
    firstName: string,
    instruments: string[],
    maxStudents: number,
  ): Promise<{ id: string; email: string }> {
    const email = `${firstName.toLowerCase()}-${newId().slice(0, 6)}@example.com`;
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName,
      lastName: 'Teacher',
      email,
      instruments,
      hourlyRate: 80,
      maxStudents,
      availability,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, email };
  }

  const application = enrollmentApplication;

  /** The enrollment once its workflow rests (done, refused, waiting), or as it is after 15 s. */
  async function settled(enrollmentId: string) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
      if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const outbox = (to: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ template: string; text_body: string }[]>(
        'SELECT template, text_body FROM email_outbox WHERE recipient = ? ORDER BY created_at',
        [to.toLowerCase()],
      );

  /** The parent address an enrollment was sent with (admins read it in the list). */
  const enrollmentEmail = async (enrollmentId: string): Promise<string> =>
    (
      await t.app
        .get(EntityManager)
        .fork()
        .execute<{ parent_email: string }[]>('SELECT parent_email FROM enrollments WHERE id = ?', [enrollmentId])
    )[0].parent_email;

  let clara: { id: string; email: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    clara = await teacher('Clara', ['piano'], 5);
  });
  afterAll(() => t.close());

  it('takes an enrollment from inquiry to a demo lesson and two emails; the parent can then sign in', async () => {
    const app = application();
    const res = await t.http.post('/api/v1/enrollments').send(app);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      enrollmentId: expect.any(String),
      status: 'pending',
      followUrl: expect.stringMatching(/\/enrollments\/follow\?enrollment=[\w-]+&token=[\w-]+$/),
    });
    const e = await settled(res.body.enrollmentId);
    expect(e).toMatchObject({
      status: 'completed',
      teacherId: clara.id,
      paymentStatus: 'ready',
      demoLesson: { startsAt: '2026-10-26T18:00:00.000Z' },
    });
    expect(e.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'ValidateEnrollment:completed',
      'IdentifyFamily:completed',
      'CreateStudentAccount:completed',
      'SetupPaymentMethod:completed',
      'AssignTeacher:completed',
      'ScheduleDemoLesson:completed',
      'SendWelcomeEmails:completed',
    ]);
    const lesson = await as(t.http.get(`/api/v1/lessons/${e.demoLesson.lessonId}`));
    expect(lesson.body).toMatchObject({
      lessonType: 'demo',
      studentId: e.studentId,
      teacherId: clara.id,
      status: 'scheduled',
    });

    const [welcome] = await outbox(app.parentEmail);
    expect(welcome.template).toBe('parent-welcome');
    expect(welcome.text_body).toContain('Lily Chen is enrolled in piano lessons with Clara Teacher');
    expect(welcome.text_body).toContain('Monday, October 26, 2026 at 3:00 PM ADT');
    expect((await outbox(clara.email)).map((m) => m.template)).toContain('teacher-new-student');

    // Without SendGrid the office reads the email in full, link included, to pass it on.
    const listed = await as(
      t.http.get('/api/v1/admin/emails').query({ recipient: app.parentEmail, template: 'parent-welcome' }),
    );
    const full = await as(t.http.get(`/api/v1/admin/emails/${listed.body.items[0].id}`));
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      recipient: app.parentEmail,
      template: 'parent-welcome',
      text: welcome.text_body,
      html: expect.stringContaining('set-password?token'),
    });
    expect((await as(t.http.get(`/api/v1/admin/emails/${newId()}`))).status).toBe(404);

    // The link in the email sets the password (once); no password ever appears elsewhere.
    const token = /set-password\?token=([\w-]+)/.exec(welcome.text_body)![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-good-long-password' })).status,
    ).toBe(200);
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'another-long-password' })).status,
    ).toBe(400);
    const parent = await t.login(app.parentEmail, 'a-good-long-password');
    // The parent reads their own emails in full; another account does not find them.
    expect((await as(t.http.get(`/api/v1/emails/${listed.body.items[0].id}`), parent)).body.text).toBe(
      welcome.text_body,
    );
    expect((await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`), parent)).body.status).toBe(
      'completed',
    );
    // The parent lists the family's enrollments: this one, and no other family's.
    const mine = await as(t.http.get('/api/v1/enrollments'), parent);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { enrollmentId: string }) => i.enrollmentId)).toEqual([res.body.enrollmentId]);

    // The parent books for their child, with the child's teacher only; conflicts name no other lessons.
    const glennForOthers = await teacher('Glenn', ['piano'], 5);
    const lessonAt = { studentId: e.studentId, startsAt: '2026-10-27T16:00:00-03:00' };
    expect(
      (await as(t.http.post('/api/v1/lessons'), parent).send({ ...lessonAt, teacherId: glennForOthers.id })).status,
    ).toBe(403);
    expect((await as(t.http.post('/api/v1/lessons'), parent).send({ ...lessonAt, lessonType: 'demo' })).status).toBe(
      403,
    );
    expect((await as(t.http.post('/api/v1/lessons'), parent).send(lessonAt)).status).toBe(201);
    const clash = await as(t.http.post('/api/v1/lessons/check-conflicts'), parent).send({
      studentId: e.studentId,
      startsAt: '2026-10-26T15:00:00-03:00',
    });
    expect(clash.body.available).toBe(false);
    expect(clash.body.conflicts.every((c: Record<string, unknown>) => !('lessonId' in c))).toBe(true);

    // A second child of the same family, enrolled by the parent signed in, joins the same account at once, without a new password link.
    const second = await as(t.http.post('/api/v1/enrollments'), parent).send({
      ...app,
      studentFirstName: 'Max',
      preferredLessonDay: 'tuesday',
    });
    const e2 = await settled(second.body.enrollmentId);
    expect(e2).toMatchObject({ status: 'completed', parentId: e.parentId });
    // The booking's email comes from another workflow, before or after these: only the welcomes' order is known.
    const welcomes = (await outbox(app.parentEmail)).filter((m) => m.template === 'parent-welcome');
    expect(welcomes).toHaveLength(2);
    expect(welcomes[1].text_body).toContain('Sign in with the password you already use with us.');
    const children = (await as(t.http.get('/api/v1/students'), parent)).body.items as {
      id: string;
      parentId: string;
    }[];
    expect(children.map((c) => c.id).sort()).toEqual([e.studentId, e2.studentId].sort());
    expect((await as(t.http.patch(`/api/v1/students/${e.studentId}`), parent).send({ lessonRate: 30 })).status).toBe(
      403,
    );
    // …and another family cannot see it.
    const other = await t.http.post('/api/v1/enrollments').send(application());
    await settled(other.body.enrollmentId);
    expect((await as(t.http.get(`/api/v1/enrollments/${other.body.enrollmentId}`), parent)).status).toBe(404);
  });

  it('rejects a student outside 5–18 with the reason', async () => {
    const res = await t.http.post('/api/v1/enrollments').send(application({ studentDateOfBirth: '2022-01-01' }));
    const e = await settled(res.body.enrollmentId);
    expect(e).toMatchObject({ status: 'rejected', reason: 'the student must be 5 to 18 years old (is 4)' });
    expect(e.studentId).toBeUndefined();
    // The family is told why, once.
    const told = (await outbox(await enrollmentEmail(res.body.enrollmentId))).filter(
      (m) => m.template === 'enrollment-rejected',
    );
    expect(told).toHaveLength(1);
    expect(told[0].text_body).toContain(
      'We could not enroll Lily Chen in piano lessons: the student must be 5 to 18 years old (is 4).',
    );
  });

  it('records a declined card and carries on; the welcome says so and how to fix it', async () => {
    const app = application({ paymentToken: 'pm_card_chargeDeclined' });
    const res = await t.http.post('/api/v1/enrollments').send(app);
    const e = await settled(res.body.enrollmentId);
    expect(e).toMatchObject({ status: 'completed', paymentStatus: 'failed' });
    expect(e.steps.find((s: { name: string }) => s.name === 'SetupPaymentMethod')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('card_declined'),
    });
    const [welcome] = (await outbox(app.parentEmail)).filter((m) => m.template === 'parent-welcome');
    expect(welcome.text_body).toMatch(
      /We could not set up the card given with the form: [^\n]*declined[^\n]*\. Until a card is on file we cannot charge for lessons; reply to this email or call the front desk/,
    );
  });

  it('waitlists when no teacher has room, and resumes in arrival order when one is registered', async () => {
    const first = await t.http.post('/api/v1/enrollments').send(application({ instrument: 'violin' }));
    const second = await t.http
      .post('/api/v1/enrollments')
      .send(application({ instrument: 'violin', studentFirstName: 'Second' }));
    expect((await settled(first.body.enrollmentId)).status).toBe('waitlisted');
    expect(await settled(second.body.enrollmentId)).toMatchObject({
      status: 'waitlisted',
      reason: 'no violin teacher has room for a new student',
    });
    const waiting = (await outbox(await enrollmentEmail(second.body.enrollmentId))).filter(
      (m) => m.template === 'enrollment-waitlisted',
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0].text_body).toContain('Second Chen is on our waiting list for violin lessons');
    const itzhak = await teacher('Itzhak', ['violin'], 1);
    expect(await settled(first.body.enrollmentId)).toMatchObject({ status: 'completed', teacherId: itzhak.id });
    expect((await settled(second.body.enrollmentId)).status).toBe('waitlisted');
    const list = await as(t.http.get('/api/v1/enrollments?status=waitlisted'));
    expect(list.body.items.map((x: { enrollmentId: string }) => x.enrollmentId)).toEqual([second.body.enrollmentId]);

    // The first student withdraws: their future lessons are cancelled (no credit) and the
    // freed seat goes to the next family on the waitlist.
    const withdrawn = await settled(first.body.enrollmentId);
    expect((await as(t.http.delete(`/api/v1/students/${withdrawn.studentId}`))).status).toBe(204);
    expect(await settled(second.body.enrollmentId)).toMatchObject({ status: 'completed', teacherId: itzhak.id });
    expect((await as(t.http.get(`/api/v1/lessons/${withdrawn.demoLesson.lessonId}`))).body).toMatchObject({
      status: 'cancelled',
      makeupCredit: false,
    });
    expect((await as(t.http.get(`/api/v1/students/${withdrawn.studentId}`))).body).toMatchObject({ active: false });
    expect((await as(t.http.get(`/api/v1/teachers/${itzhak.id}`))).body).toMatchObject({ currentStudents: 1 });
    expect((await as(t.http.delete(`/api/v1/students/${withdrawn.studentId}`))).status).toBe(204);
  });

  it('lists students, each family seeing only its own, and lets the office change a lesson rate', async () => {
    const app = application();
    const res = await t.http.post('/api/v1/enrollments').send(app);
    const e = await settled(res.body.enrollmentId);
    const all = await as(t.http.get('/api/v1/students?instrument=piano&active=true&limit=200'));
    expect(all.body.items.map((x: { id: string }) => x.id)).toContain(e.studentId);
    const changed = await as(t.http.patch(`/api/v1/students/${e.studentId}`)).send({
      lessonRate: 52.5,
      skillLevel: 'intermediate',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ lessonRate: 52.5, skillLevel: 'intermediate' });
    expect((await as(t.http.patch(`/api/v1/students/${e.studentId}`)).send({ lessonRate: 500 })).status).toBe(400);
    expect((await as(t.http.get(`/api/v1/students/${e.studentId}/lessons`))).body.items).toEqual([
      expect.objectContaining({ lessonType: 'demo', studentId: e.studentId }),
    ]);
    expect((await as(t.http.get('/api/v1/students?active=maybe'))).status).toBe(400);
  });

  it("gives a teacher's last seat to exactly one of two enrollments arriving together", async () => {
    const glenn = await teacher('Glenn', ['guitar'], 1);
    const [a, b] = await Promise.all([
      t.http.post('/api/v1/enrollments').send(application({ instrument: 'guitar' })),
      t.http.post('/api/v1/enrollments').send(application({ instrument: 'guitar' })),
    ]);
    const statuses = [(await settled(a.body.enrollmentId)).status, (await settled(b.body.enrollmentId)).status].sort();
    expect(statuses).toEqual(['completed', 'waitlisted']);
    expect((await as(t.http.get(`/api/v1/teachers/${glenn.id}`))).body).toMatchObject({
      currentStudents: 1,
      maxStudents: 1,
    });
  });

  it('resumes a waitlisted enrollment as soon as the office gives a teacher another seat or the instrument, not at the next recheck', async () => {
    const gene = await teacher('Gene', ['drums'], 1);
    // The second family applies once the first holds the seat (sent together, either could take it).
    const a = await t.http.post('/api/v1/enrollments').send(application({ instrument: 'drums' }));
    expect((await settled(a.body.enrollmentId)).status).toBe('completed');
    const b = await t.http
      .post('/api/v1/enrollments')
      .send(application({ instrument: 'drums', studentFirstName: 'Later' }));
    expect((await settled(b.body.enrollmentId)).status).toBe('waitlisted');
    // A change that gives nobody a place (the rate) leaves the waitlist as it is.
    expect((await as(t.http.patch(`/api/v1/teachers/${gene.id}`)).send({ hourlyRate: 85 })).status).toBe(200);
    expect((await settled(b.body.enrollmentId)).status).toBe('waitlisted');
    expect((await as(t.http.patch(`/api/v1/teachers/${gene.id}`)).send({ maxStudents: 2 })).status).toBe(200);
    // (no job runs in this test: the waitlist saga resumes it)
    expect(await settled(b.body.enrollmentId)).toMatchObject({ status: 'completed', teacherId: gene.id });
    expect((await as(t.http.get(`/api/v1/teachers/${gene.id}`))).body).toMatchObject({
      currentStudents: 2,
      maxStudents: 2,
    });
    // Nobody teaches voice yet; once the same teacher takes it on with a seat to spare, the singer goes on.
    const singer = await t.http.post('/api/v1/enrollments').send(application({ instrument: 'voice' }));
    expect((await settled(singer.body.enrollmentId)).status).toBe('waitlisted');
    expect(
      (await as(t.http.patch(`/api/v1/teachers/${gene.id}`)).send({ instruments: ['drums', 'voice'], maxStudents: 3 }))
        .status,
    ).toBe(200);
    expect(await settled(singer.body.enrollmentId)).toMatchObject({ status: 'completed', teacherId: gene.id });
  });

  it.each([
    ['no parent email', { parentEmail: undefined }, /parentEmail/],
    ['terms not agreed', { agreedToTerms: false }, /agreedToTerms must be true/],
    ['a bad phone', { parentPhone: '555-0123' }, /parentPhone must be 10 digits/],
    ['an impossible date', { studentDateOfBirth: '2016-02-30' }, /studentDateOfBirth/],
    ['an unknown instrument', { instrument: 'banjo' }, /instrument must be one of/],
    ['a Sunday preference', { preferredLessonDay: 'sunday' }, /preferredLessonDay/],
    ['a 90-minute lesson', { lessonDuration: 90 }, /lessonDuration/],
  ])('refuses %s with 400', async (_, change, message) => {
    const res = await t.http.post('/api/v1/enrollments').send(application(change));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it('serves the enrollment workflow as a DAG', async () => {
    const res = await as(t.http.get('/api/v1/workflows'));
    const wf = res.body.workflows.find((w: { name: string }) => w.name === 'enrollment');
    expect(wf.nodes.map((n: { name: string }) => n.name)).toEqual([
      'ValidateEnrollment',
      'IdentifyFamily',
      'AwaitFamilyConfirmation',
      'CreateStudentAccount',
      'SetupPaymentMethod',
      'AssignTeacher',
      'ScheduleDemoLesson',
      'SendWelcomeEmails',
    ]);
  });

  it('parked no event along the way (every workflow step succeeded, at worst after a retry)', async () => {
    await t.app.get(SubscriptionsService).waitForAll(15_000);
    expect(await t.app.get(SubscriptionsService).parked()).toEqual([]);
  });
});
