import { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { legacyEmailClaimStream } from '../../src/identity/email-claim-streams';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

/** Names nobody else uses, so finding them anywhere means a leak. */
const SECRET = {
  studentFirst: 'Zephyrine',
  studentLast: 'Quillfeather',
  parentFirst: 'Ottoline',
  phone: '+19025550199',
  dob: '2015-03-09',
  note: 'allergic to rosin dust',
};

describe('forgetting a family', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  const parentEmail = `quill-${newId().slice(0, 8)}@example.com`;
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) =>
    t.app.get(EntityManager).fork().execute<T[]>(q, p);
  const settle = () => t.app.get(SubscriptionsService).waitForAll(15_000);
  const leaks = (text: string) =>
    [
      SECRET.studentFirst,
      SECRET.studentLast,
      SECRET.parentFirst,
      SECRET.phone,
      SECRET.dob,
      SECRET.note,
      parentEmail,
    ].filter((s) => text.includes(s));

  let enrollment: { enrollmentId: string; studentId: string; parentId: string; demoLesson: { lessonId: string } };
  let lessonId: string;
  let paymentId: string;
  let cancelledLessonId: string;
  let otherFamily: { enrollmentId: string; studentId: string; parentId: string };
  let storedBefore: { event_id: string; data: string }[];

  async function enroll(over: Record<string, unknown>) {
    const res = await t.http.post('/api/v1/enrollments').send(enrollmentApplication(over));
    expect(res.status).toBe(202);
    await settle();
    const e = (await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`))).body;
    expect(e.status).toBe('completed');
    return e;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const teacher = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Teacher',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 5,
      availability,
    });
    expect(teacher.status).toBe(201);
    enrollment = await enroll({
      studentFirstName: SECRET.studentFirst,
      studentLastName: SECRET.studentLast,
      studentDateOfBirth: SECRET.dob,
      parentFirstName: SECRET.parentFirst,
      parentLastName: SECRET.studentLast,
      parentEmail,
      parentPhone: SECRET.phone,
    });
    const booked = await as(t.http.post('/api/v1/lessons')).send({
      studentId: enrollment.studentId,
      startsAt: '2026-10-27T16:00:00-03:00',
      notes: SECRET.note,
    });
    expect(booked.status).toBe(201);
    lessonId = booked.body.id ?? booked.body.lessonId ?? booked.body.lessons?.[0]?.id;
    expect(lessonId).toEqual(expect.any(String));
    clock.set(new Date('2026-10-27T20:00:00Z'));
    admin = await t.login(); // tokens expire by the clock
    const done = await as(t.http.post(`/api/v1/lessons/${lessonId}/complete`)).send({
      notes: `${SECRET.studentFirst} played well`,
    });
    expect(done.status).toBe(200);
    // Free text can name the child too: a charge's description, a refund's and a cancellation's reason.
    const paid = await as(t.http.post('/api/v1/payments/process')).send({
      studentId: enrollment.studentId,
      amount: 45,
      description: `Lessons for ${SECRET.studentFirst}`,
    });
    expect(paid.status).toBe(202);
    paymentId = paid.body.paymentId ?? paid.body.id;
    await settle();
    const refund = await as(t.http.post(`/api/v1/payments/${paymentId}/refund`)).send({
      amount: 5,
      reason: `${SECRET.studentFirst} missed a week`,
    });
    expect(refund.status).toBeLessThan(300);
    const later = await as(t.http.post('/api/v1/lessons')).send({
      studentId: enrollment.studentId,
      startsAt: '2026-11-02T16:00:00-04:00',
    });
    expect(later.status).toBe(201);
    cancelledLessonId = later.body.id ?? later.body.lessonId ?? later.body.lessons?.[0]?.id;
    expect(
      (
        await as(t.http.post(`/api/v1/lessons/${cancelledLessonId}/cancel`)).send({
          reason: `${SECRET.studentFirst} has the flu`,
        })
      ).status,
    ).toBe(200);
    otherFamily = await enroll({ studentFirstName: 'Other', studentLastName: 'Family', preferredLessonDay: 'tuesday' });
    await settle();
  }, 60_000);
  afterAll(() => t.close());

  it('stores personal fields as ciphertext; reads decrypt them', async () => {
    const rows = await sql<{ type: string; data: string; stream_id: string }>(
      'SELECT type, data::text AS data, stream_id FROM es_events ORDER BY position',
    );
    const all = rows.map((r) => r.data).join('\n');
    expect(leaks(all)).toEqual([]);
    const submitted = rows.find(
      (r) => r.type === 'EnrollmentSubmitted' && r.stream_id === `enrollment-${enrollment.enrollmentId}`,
    )!;
    const app = JSON.parse(submitted.data).application;
    for (const f of [
      'studentFirstName',
      'studentLastName',
      'studentDateOfBirth',
      'parentFirstName',
      'parentLastName',
      'parentEmail',
      'parentPhone',
    ]) {
      expect(app[f]).toMatch(new RegExp(`^pii:1:${enrollment.parentId}:`));
    }
    // Not personal: kept in the clear.
    expect(app).toMatchObject({ instrument: 'piano', lessonDurationMinutes: 30 });
    const types = new Set(rows.filter((r) => r.data.includes('"pii:1:')).map((r) => r.type));
    expect([...types].sort()).toEqual([
      'EmailClaimed',
      'EnrollmentSubmitted',
      'EnrollmentValidated',
      'LessonCancelled',
      'LessonCompleted',
      'LessonScheduled',
      'PaymentMethodSetUp',
      'PaymentRequested',
      'RefundRequested',
      'StudentEnrolled',
      'UserRegistered',
    ]);
    // The address's claim stream is named by a keyed hash: the address alone does not find it.
    const streams = new Set(rows.map((r) => r.stream_id));
    expect(streams.has(legacyEmailClaimStream(parentEmail))).toBe(false);
    expect([...streams].filter((id) => id.startsWith('email-k-')).length).toBeGreaterThan(0);
    // Staff are no family: the teacher's account stays readable in the log.
    expect(all).toContain('"Clara"');

    const store = t.app.get<EventStore>(EVENT_STORE);
    const [read] = await store.readStream(`enrollment-${enrollment.enrollmentId}`, { limit: 1 });
    expect((read.data as { application: Record<string, string> }).application).toMatchObject({
      studentFirstName: SECRET.studentFirst,
      parentEmail,
      parentPhone: SECRET.phone,
      studentDateOfBirth: SECRET.dob,
    });
    const student = await as(t.http.get(`/api/v1/students/${enrollment.studentId}`));
    expect(student.body).toMatchObject({
      firstName: SECRET.studentFirst,
      lastName: SECRET.studentLast,
      dateOfBirth: SECRET.dob,
    });
    const lesson = await as(t.http.get(`/api/v1/lessons/${lessonId}`));
    expect(JSON.stringify(lesson.body)).toContain(SECRET.note);
    storedBefore = await sql<{ event_id: string; data: string }>(
      'SELECT event_id, data::text AS data FROM es_events ORDER BY position',
    );
  });

  it('refuses non-admins, malformed and unknown ids', async () => {
    expect((await t.http.post(`/api/v1/admin/families/${enrollment.parentId}/forget`)).status).toBe(401);
    expect((await as(t.http.post('/api/v1/admin/families/not-a-uuid/forget'))).status).toBe(400);
    const unknown = await as(t.http.post(`/api/v1/admin/families/${newId()}/forget`));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: expect.any(String), message: expect.any(String) });
    // A family whose enrollment is still being processed waits until it is done.
    await sql("UPDATE enrollments SET status = 'running' WHERE id = ?", [otherFamily.enrollmentId]);
    const busy = await as(t.http.post(`/api/v1/admin/families/${otherFamily.parentId}/forget`));
    await sql("UPDATE enrollments SET status = 'completed' WHERE id = ?", [otherFamily.enrollmentId]);
    expect(busy.status).toBe(409);
    expect(busy.body.message).toContain(otherFamily.enrollmentId);
    // A teacher's account is no family.
    const [teacherUser] = await sql<{ id: string }>("SELECT id FROM users WHERE role = 'teacher' LIMIT 1");
    expect((await as(t.http.post(`/api/v1/admin/families/${teacherUser.id}/forget`))).status).toBe(404);
  });

  it('forgets: reads show the data erased, read models are scrubbed, nothing leaks, amounts and times stay', async () => {
    // The parent is signed in (through the welcome link) when the family is forgotten.
    const [welcome] = await sql<{ text_body: string }>(
      "SELECT text_body FROM email_outbox WHERE recipient = ? AND template = 'parent-welcome'",
      [parentEmail],
    );
    const link = /set-password\?token=([\w-]+)/.exec(welcome.text_body)![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token: link, password: 'parent-password-1' })).status,
    ).toBe(200);
    const parent = (await t.http.post('/api/v1/auth/login').send({ email: parentEmail, password: 'parent-password-1' }))
      .body;
    expect((await as(t.http.get('/api/v1/auth/me'), parent.accessToken)).status).toBe(200);

    const res = await as(t.http.post(`/api/v1/admin/families/${enrollment.parentId}/forget`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      familyId: enrollment.parentId,
      status: 'forgotten',
      erasedNow: true,
      students: 1,
      enrollments: 1,
      lessons: 3,
    });
    // The log still verifies: its hashes cover the stored ciphertext, which forgetting leaves as it was.
    const verified = await as(t.http.get('/api/v1/audit/verify'));
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.eventsChecked).toBeGreaterThan(10);

    const store = t.app.get<EventStore>(EVENT_STORE);
    const [read] = await store.readStream(`enrollment-${enrollment.enrollmentId}`, { limit: 1 });
    expect((read.data as { application: Record<string, unknown> }).application).toMatchObject({
      studentFirstName: '[erased]',
      parentEmail: '[erased]',
      parentPhone: '[erased]',
      studentDateOfBirth: '[erased]',
      instrument: 'piano',
    });
    const [forgotten] = await store.readStream(`family-${enrollment.parentId}`);
    expect(forgotten).toMatchObject({
      type: 'FamilyForgotten',
      data: { familyId: enrollment.parentId, studentIds: [enrollment.studentId] },
    });

    const student = await as(t.http.get(`/api/v1/students/${enrollment.studentId}`));
    expect(student.body).toMatchObject({
      firstName: '[erased]',
      lastName: '[erased]',
      dateOfBirth: '[erased]',
      instrument: 'piano',
      lessonRate: expect.any(Number),
    });
    const e = await as(t.http.get(`/api/v1/enrollments/${enrollment.enrollmentId}`));
    expect(e.body).toMatchObject({ status: 'completed', studentName: '[erased]' });
    const lesson = await as(t.http.get(`/api/v1/lessons/${lessonId}`));
    expect(lesson.body).toMatchObject({ status: 'completed', startsAt: '2026-10-27T19:00:00.000Z' });

    // Every admin listing and every read-model table, as text: none of the family's data.
    const bodies = await Promise.all(
      [
        '/api/v1/students',
        '/api/v1/enrollments',
        '/api/v1/lessons',
        '/api/v1/admin/emails',
        `/api/v1/students/${enrollment.studentId}`,
        `/api/v1/lessons/${lessonId}`,
      ].map(async (url) => JSON.stringify((await as(t.http.get(url))).body)),
    );
    expect(leaks(bodies.join('\n'))).toEqual([]);
    for (const table of [
      'students',
      'enrollments',
      'users',
      'lessons',
      'email_outbox',
      'payments',
      'family_payment_methods',
    ]) {
      const [dump] = await sql<{ text: string }>(
        `SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM ${table} t`,
      );
      expect([table, leaks(dump.text)]).toEqual([table, []]);
    }
    // The parent cannot sign in any more, and the sign-in they had is over: access and refresh tokens alike.
    expect(
      (await t.http.post('/api/v1/auth/login').send({ email: parentEmail, password: 'whatever-password' })).status,
    ).toBe(401);
    expect(
      (await t.http.post('/api/v1/auth/login').send({ email: parentEmail, password: 'parent-password-1' })).status,
    ).toBe(401);
    expect((await as(t.http.get(`/api/v1/students/${enrollment.studentId}`), parent.accessToken)).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: parent.refreshToken })).status).toBe(401);

    // The other family is untouched.
    const other = await as(t.http.get(`/api/v1/students/${otherFamily.studentId}`));
    expect(other.body).toMatchObject({ firstName: 'Other', lastName: 'Family', dateOfBirth: '2016-05-14' });

    // The stored log is byte for byte what it was (a hash chain over it still holds): one event more.
    const storedAfter = await sql<{ event_id: string; data: string }>(
      'SELECT event_id, data::text AS data FROM es_events ORDER BY position',
    );
    expect(storedAfter.slice(0, storedBefore.length)).toEqual(storedBefore);
  });

  it('forgetting twice is idempotent', async () => {
    const before = await sql('SELECT count(*) AS n FROM es_events');
    const res = await as(t.http.post(`/api/v1/admin/families/${enrollment.parentId}/forget`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ familyId: enrollment.parentId, status: 'forgotten', erasedNow: false });
    expect(await sql('SELECT count(*) AS n FROM es_events')).toEqual(before);
  });

  it('rebuilds after the key is gone give the same scrubbed models', async () => {
    const subscriptions = t.app.get(SubscriptionsService);
    for (const name of ['students', 'enrollments', 'users', 'lessons', 'teachers', 'payments']) {
      const report = await subscriptions.rebuild(name);
      expect([name, report.identical, report.failed]).toEqual([name, true, []]);
    }
    const student = await as(t.http.get(`/api/v1/students/${enrollment.studentId}`));
    expect(student.body).toMatchObject({ firstName: '[erased]', dateOfBirth: '[erased]' });
    const other = await as(t.http.get(`/api/v1/students/${otherFamily.studentId}`));
    expect(other.body).toMatchObject({ firstName: 'Other' });
  });
});
