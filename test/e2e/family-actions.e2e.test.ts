import { DateTime } from 'luxon';
import { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { isUuid } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * What parents and teachers may write (a parent books, moves and cancels their own child's
 * lessons within the 24 h rules; a teacher completes their own lessons; nothing else), and
 * that every event stored records who caused it.
 */
describe('parents and teachers act within the rules; every event names its actor', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday
  let t: TestApp;
  let admin: string;
  const people: Record<string, { token: string; id: string; email: string }> = {};
  const kids: Record<string, { studentId: string; teacherId: string; demoLessonId: string }> = {};

  const as = (who: string) => ({
    get: (path: string) =>
      t.http.get(path).set('Authorization', `Bearer ${who === 'admin' ? admin : people[who].token}`),
    post: (path: string, body: object = {}) =>
      t.http
        .post(path)
        .set('Authorization', `Bearer ${who === 'admin' ? admin : people[who].token}`)
        .send(body),
  });
  const outbox = (to: string, template: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ text_body: string }[]>(
        'SELECT text_body FROM email_outbox WHERE recipient = ? AND template = ? ORDER BY created_at',
        [to, template],
      );

  async function signUp(name: string, email: string, template: string): Promise<void> {
    const [mail] = await outbox(email, template);
    const token = /set-password\?token=([\w-]+)/.exec(mail.text_body)![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-long-enough-password' })).status,
    ).toBe(200);
    const res = await t.http.post('/api/v1/auth/login').send({ email, password: 'a-long-enough-password' });
    people[name] = { token: res.body.accessToken, id: res.body.user.id, email };
  }

  async function signInAgain(): Promise<void> {
    admin = await t.login();
    for (const p of Object.values(people))
      p.token = (
        await t.http.post('/api/v1/auth/login').send({ email: p.email, password: 'a-long-enough-password' })
      ).body.accessToken;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const availability = {
      monday: [{ start: '15:00', end: '20:00' }],
      tuesday: [{ start: '15:00', end: '20:00' }],
      thursday: [{ start: '15:00', end: '20:00' }],
    };
    for (const [name, instrument] of [
      ['tess', 'piano'],
      ['theo', 'violin'],
    ]) {
      const res = await as('admin').post('/api/v1/teachers', {
        firstName: name,
        lastName: 'Teacher',
        email: `${name}@example.com`,
        instruments: [instrument],
        hourlyRate: 80,
        availability,
      });
      expect(res.status).toBe(201);
    }
    for (const [name, instrument] of [
      ['pia', 'piano'],
      ['paul', 'violin'],
    ]) {
      const res = await t.http.post('/api/v1/enrollments').send({
        studentFirstName: `${name}-kid`,
        studentLastName: 'Family',
        studentDateOfBirth: '2015-03-01',
        parentFirstName: name,
        parentLastName: 'Family',
        parentEmail: `${name}@example.com`,
        parentPhone: '9025550100',
        instrument,
        preferredLessonDay: 'monday',
        paymentToken: 'pm_card_visa',
        agreedToTerms: true,
      });
      await t.app.get(SubscriptionsService).waitForAll(30_000);
      const e = (await as('admin').get(`/api/v1/enrollments/${res.body.enrollmentId}`)).body;
      expect(e.status).toBe('completed');
      kids[name] = { studentId: e.studentId, teacherId: e.teacherId, demoLessonId: e.demoLesson.lessonId };
    }
    await signUp('tess', 'tess@example.com', 'teacher-welcome');
    await signUp('theo', 'theo@example.com', 'teacher-welcome');
    await signUp('pia', 'pia@example.com', 'parent-welcome');
    await signUp('paul', 'paul@example.com', 'parent-welcome');
  }, 300_000);
  afterAll(() => t.close());

  let piaLesson: string;

  it("a parent books their own child's lesson more than 24 h ahead, with the child's teacher", async () => {
    const booked = await as('pia').post('/api/v1/lessons', {
      studentId: kids.pia.studentId,
      startsAt: '2026-10-27T16:00:00-03:00',
    });
    expect(booked.status).toBe(201);
    expect(booked.body.lessons[0]).toMatchObject({ studentId: kids.pia.studentId, teacherId: kids.pia.teacherId });
    piaLesson = booked.body.lessons[0].id;
    const tooSoon = await as('pia').post('/api/v1/lessons', {
      studentId: kids.pia.studentId,
      startsAt: '2026-10-22T08:00:00-03:00',
    }); // 23 h ahead
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.code).toBe('TOO_LATE_TO_BOOK');
    // another family's child: as if there were none
    expect(
      (
        await as('pia').post('/api/v1/lessons', {
          studentId: kids.paul.studentId,
          startsAt: '2026-10-27T17:00:00-03:00',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await as('tess').post('/api/v1/lessons', {
          studentId: kids.pia.studentId,
          startsAt: '2026-10-27T17:00:00-03:00',
        })
      ).status,
    ).toBe(403);
    const [scheduled] = (await t.app.get<EventStore>(EVENT_STORE).readStream(`lesson-${piaLesson}`)).filter(
      (e) => e.type === 'LessonScheduled',
    );
    expect(scheduled.metadata.actor).toEqual({ id: people.pia.id, role: 'parent' });
  });

  it("a parent moves their own lesson with notice, not within 24 h, and not another family's", async () => {
    const moved = await as('pia').post(`/api/v1/lessons/${piaLesson}/reschedule`, {
      startsAt: '2026-10-27T17:00:00-03:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.startsAt).toBe('2026-10-27T20:00:00.000Z');
    expect(
      (await as('paul').post(`/api/v1/lessons/${piaLesson}/reschedule`, { startsAt: '2026-10-27T18:00:00-03:00' }))
        .status,
    ).toBe(404);
    expect((await as('paul').get(`/api/v1/lessons/${piaLesson}`)).status).toBe(404);
    expect((await as('theo').get(`/api/v1/lessons/${piaLesson}`)).status).toBe(404);
    expect((await as('tess').get(`/api/v1/lessons/${piaLesson}`)).status).toBe(200);
    // the new time, like a family's booking, must be more than 24 h ahead
    clock.set('2026-10-22T09:00:00Z');
    await signInAgain();
    const tooSoon = await as('pia').post(`/api/v1/lessons/${piaLesson}/reschedule`, {
      startsAt: '2026-10-22T16:00:00-03:00',
    }); // 10 h ahead, inside availability
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body).toMatchObject({
      code: 'TOO_SOON_FOR_FAMILY',
      message: expect.stringContaining('more than 24 hours ahead'),
    });
    expect((await as('pia').get(`/api/v1/lessons/${piaLesson}`)).body).toMatchObject({
      status: 'scheduled',
      startsAt: '2026-10-27T20:00:00.000Z',
    });
    expect(
      (
        await as('admin').post('/api/v1/lessons/check-conflicts', {
          studentId: kids.pia.studentId,
          startsAt: '2026-10-22T16:00:00-03:00',
        })
      ).body.available,
    ).toBe(true);
    clock.set('2026-10-27T10:00:00Z'); // less than 24 h before
    await signInAgain();
    const late = await as('pia').post(`/api/v1/lessons/${piaLesson}/reschedule`, {
      startsAt: '2026-11-03T17:00:00-04:00',
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('TOO_LATE_TO_RESCHEDULE');
  });

  it('a parent cancels their own lesson as the family, whatever the body says (no credit within 24 h)', async () => {
    expect((await as('paul').post(`/api/v1/lessons/${piaLesson}/cancel`, { reason: 'not mine' })).status).toBe(404);
    expect((await as('theo').post(`/api/v1/lessons/${piaLesson}/cancel`, { reason: 'not my student' })).status).toBe(
      404,
    );
    const cancelled = await as('pia').post(`/api/v1/lessons/${piaLesson}/cancel`, {
      reason: 'sick',
      initiatedBy: 'teacher',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', makeupCredit: false });
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`lesson-${piaLesson}`);
    expect(events.find((e) => e.type === 'LessonCancelled')).toMatchObject({
      data: { initiatedBy: 'family' },
      metadata: { actor: { id: people.pia.id, role: 'parent' } },
    });
  });

  it("a teacher cancels their own lesson (the family keeps a makeup credit); not another teacher's", async () => {
    const booked = await as('pia').post('/api/v1/lessons', {
      studentId: kids.pia.studentId,
      startsAt: '2026-10-29T16:00:00-03:00',
    });
    expect(booked.status).toBe(201);
    const lessonId = booked.body.lessons[0].id;
    expect((await as('theo').post(`/api/v1/lessons/${lessonId}/cancel`, { reason: 'not mine' })).status).toBe(404);
    const cancelled = await as('tess').post(`/api/v1/lessons/${lessonId}/cancel`, {
      reason: 'concert tour',
      initiatedBy: 'family',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', makeupCredit: true });
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`lesson-${lessonId}`);
    const stored = events.find((e) => e.type === 'LessonCancelled')!;
    expect(stored).toMatchObject({
      data: { initiatedBy: 'teacher', makeupCredit: true },
      metadata: { actor: { id: people.tess.id, role: 'teacher' } },
    });
    // The family is told until when the credit can be used (90 days from the cancellation).
    await t.app.get(SubscriptionsService).waitForAll(15_000);
    const told = (await outbox('pia@example.com', 'lesson-cancelled'))
      .map((m) => m.text_body)
      .find((text) => text.includes('concert tour'))!;
    const expires = DateTime.fromISO(stored.metadata.occurredAt)
      .plus({ days: 90 })
      .setZone('America/Halifax')
      .setLocale('en-US')
      .toFormat('LLLL d, yyyy');
    expect(told).toContain(
      `before ${DateTime.fromISO(stored.metadata.occurredAt).plus({ days: 90 }).setZone('America/Halifax').setLocale('en-US').toFormat('cccc')}, ${expires}`,
    );
  });

  it("a teacher completes their own lesson once started; not another teacher's; parents complete nothing", async () => {
    clock.set('2026-10-26T19:00:00Z'); // the demo lessons (Monday 15:00 local) have started
    await signInAgain();
    expect(
      (await as('theo').post(`/api/v1/lessons/${kids.pia.demoLessonId}/complete`, { notes: 'not mine' })).status,
    ).toBe(404);
    expect((await as('pia').post(`/api/v1/lessons/${kids.pia.demoLessonId}/complete`, {})).status).toBe(403);
    const done = await as('tess').post(`/api/v1/lessons/${kids.pia.demoLessonId}/complete`, { notes: 'lovely start' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completionNotes: 'lovely start' });
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`lesson-${kids.pia.demoLessonId}`);
    expect(events.find((e) => e.type === 'LessonCompleted')!.metadata.actor).toEqual({
      id: people.tess.id,
      role: 'teacher',
    });
    // nothing else writes for them
    expect((await as('tess').post('/api/v1/teachers', {})).status).toBe(403);
    expect(
      (
        await t.http
          .patch(`/api/v1/students/${kids.pia.studentId}`)
          .set('Authorization', `Bearer ${people.pia.token}`)
          .send({ skillLevel: 'advanced' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .delete(`/api/v1/students/${kids.pia.studentId}`)
          .set('Authorization', `Bearer ${people.tess.token}`)
      ).status,
    ).toBe(403);
  });

  it('parents and teachers see only the emails sent to them', async () => {
    const recipients = async (who: string) =>
      new Set(
        ((await as(who).get('/api/v1/emails?limit=200')).body.items as { recipient: string }[]).map((e) => e.recipient),
      );
    expect([...(await recipients('pia'))]).toEqual(['pia@example.com']);
    expect([...(await recipients('tess'))]).toEqual(['tess@example.com']);
    expect((await recipients('admin')).size).toBeGreaterThan(3);
  });

  it('every event stored names its actor: a user and their role, or the system, Stripe or the public', async () => {
    await t.app.get(SubscriptionsService).waitForAll(30_000);
    const events: RecordedEvent[] = [];
    for (let after = 0; ;) {
      const page = await t.app.get<EventStore>(EVENT_STORE).readAll({ after, limit: 500 });
      if (page.length === 0) break;
      events.push(...page);
      after = page[page.length - 1].position;
    }
    expect(events.length).toBeGreaterThan(40);
    const users = new Map(
      (await t.app.get(EntityManager).fork().execute<{ id: string; role: string }[]>('SELECT id, role FROM users')).map(
        (u) => [u.id, u.role],
      ),
    );
    const problems = events.flatMap((e) => {
      const a = e.metadata.actor;
      if (!a || typeof a.id !== 'string' || typeof a.role !== 'string') return [`${e.type}@${e.position}: no actor`];
      if (['system', 'stripe', 'public'].includes(a.role))
        return a.id === a.role ? [] : [`${e.type}@${e.position}: ${a.role} actor named ${a.id}`];
      if (!isUuid(a.id) || users.get(a.id) !== a.role)
        return [`${e.type}@${e.position}: ${a.role} ${a.id} is not such a user`];
      return [];
    });
    expect(problems).toEqual([]);
    const roles = new Set(events.map((e) => e.metadata.actor.role));
    for (const role of ['admin', 'parent', 'teacher', 'system', 'public']) expect(roles).toContain(role);
    // who submitted, who ran the workflow
    expect(events.find((e) => e.type === 'EnrollmentSubmitted')!.metadata.actor).toEqual({
      id: 'public',
      role: 'public',
    });
    expect(events.find((e) => e.type === 'TeacherRegistered')!.metadata.actor.role).toBe('admin');
    expect(
      events
        .filter((e) => e.type === 'UserRegistered')
        .every((e) => ['admin', 'system'].includes(e.metadata.actor.role)),
    ).toBe(true);
  });
});
