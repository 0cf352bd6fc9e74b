import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { WaitlistSaga } from '../../src/enrollment/waitlist.saga';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { JobRunner } from '../../src/jobs/job-runner';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { AssignTeacher, EnrollStudent } from '../../src/students/student.handlers';
import { CommandExecutor } from '../../src/cqrs/command-executor';
import { calendarDecider } from '../../src/scheduling/calendar.decider';
import { calendarStream } from '../../src/scheduling/calendar.events';
import { MakeupCreditExpiryJob } from '../../src/students/expire-credits/expire-makeup-credits';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { METRICS_TOKEN, startTestApp, TestApp } from '../support/test-app';

const ZONE = 'America/Halifax';
const local = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toISO()!;
const availability = {
  monday: [{ start: '15:00', end: '20:00' }],
  tuesday: [{ start: '15:00', end: '20:00' }],
  wednesday: [{ start: '15:00', end: '20:00' }],
};

/**
 * The jobs with the clock moved by hand: each is triggered as its tick would, and the test
 * checks what the log, the read models and the outbox hold afterwards.
 */
describe('scheduled jobs driven by the clock', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday
  let t: TestApp;
  let admin: string;
  let jobs: JobRunner;
  const parentEmail = `pat-${newId().slice(0, 8)}@example.com`;
  let clara: string;
  let studentId: string;
  let lessonId: string;
  let cancelledId: string;

  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  /** Moves the clock; access tokens expire by it, so the office signs in again. */
  const moveClock = async (move: () => void) => {
    move();
    admin = await t.login();
  };
  const settle = () => t.app.get(SubscriptionsService).waitForAll(15_000);
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) =>
    t.app.get(EntityManager).fork().execute<T[]>(q, params);
  const eventsOf = async (streamId: string) =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(streamId)).map((e) => e.type);
  const run = async (name: string) => {
    await settle();
    const outcome = await jobs.trigger(name);
    await settle();
    return outcome;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { JOBS_ENABLED: 'false', MAKEUP_CREDIT_DAYS: '3' } });
    admin = await t.login();
    jobs = t.app.get(JobRunner);
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Schumann',
      email: `clara-${newId().slice(0, 8)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      availability,
    });
    expect(res.status).toBe(201);
    clara = res.body.id;
    const commands = t.app.get(CommandBus);
    const contexts = t.app.get(CommandContextFactory);
    studentId = newId();
    const parentId = newId();
    await commands.execute(
      new RegisterUser(
        { userId: parentId, email: parentEmail, role: 'parent', displayName: 'Pat Parent', teacherId: null },
        contexts.create(),
      ),
    );
    await commands.execute(
      new EnrollStudent(
        {
          studentId,
          parentId,
          enrollmentId: null,
          firstName: 'Ada',
          lastName: 'Lovelace',
          dateOfBirth: '2015-04-01',
          instrument: 'piano',
          skillLevel: 'beginner',
          lessonRateCents: 45_00,
          lessonDurationMinutes: 30,
          preferredLessonDay: 'monday',
          preferredLessonTime: 'afternoon',
        },
        contexts.create(),
      ),
    );
    await commands.execute(new AssignTeacher({ studentId, teacherId: clara }, contexts.create()));
    await settle();
  });
  afterAll(() => t?.close());

  it('lists the jobs with their schedules', async () => {
    const res = await as(t.http.get('/api/v1/admin/jobs'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((j: { name: string; schedule: string }) => [j.name, j.schedule]).sort()).toEqual([
      ['family-confirmation-expiry', 'every 3600000 ms'],
      ['lesson-reminders', 'every 300000 ms'],
      ['makeup-credit-expiry', 'every 3600000 ms'],
      ['monthly-billing', 'every 3600000 ms'],
      ['orphan-slot-sweeper', 'every 1800000 ms'],
      ['payment-retries', 'every 60000 ms'],
      ['waitlist-recheck', 'every 900000 ms'],
    ]);
  });

  it('runs a job on demand over HTTP (admin only)', async () => {
    const res = await as(t.http.post('/api/v1/admin/jobs/waitlist-recheck/run'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'succeeded',
      summary: { resumed: 0, waiting: 0 },
      startedAt: '2026-10-21T12:00:00.000Z',
    });
    expect((await as(t.http.post('/api/v1/admin/jobs/no-such-job/run'))).status).toBe(404);
    expect((await t.http.post('/api/v1/admin/jobs/waitlist-recheck/run')).status).toBe(401);
    const listed = await as(t.http.get('/api/v1/admin/jobs'));
    expect(listed.body.items.find((j: { name: string }) => j.name === 'waitlist-recheck').lastRun).toEqual(res.body);
  });

  it('reminds the family once, 24 h before the lesson, and never of a cancelled one', async () => {
    const book = (startsAt: string) => as(t.http.post('/api/v1/lessons')).send({ studentId, startsAt });
    const first = await book(local('2026-10-26T16:00')); // Monday 19:00Z
    const second = await book(local('2026-10-27T16:00')); // Tuesday 19:00Z
    expect([first.status, second.status]).toEqual([201, 201]);
    lessonId = first.body.lessons[0].id;
    cancelledId = second.body.lessons[0].id;
    // Cancelled days ahead: a makeup credit, valid for 3 days (MAKEUP_CREDIT_DAYS).
    const cancel = await as(t.http.post(`/api/v1/lessons/${cancelledId}/cancel`)).send({ reason: 'family trip' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.makeupCredit).toBe(true);

    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 0 } }); // 5 days ahead

    await moveClock(() => clock.set('2026-10-25T18:59:00Z')); // 24 h 1 min before
    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 0 } });

    await moveClock(() => clock.set('2026-10-25T19:30:00Z')); // 23.5 h before
    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 1 } });
    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 0 } });
    await moveClock(() => clock.advance(2 * 3_600_000));
    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 0 } });

    await moveClock(() => clock.set('2026-10-26T20:00:00Z')); // the cancelled Tuesday lesson is now 23 h away
    expect(await run('lesson-reminders')).toMatchObject({ outcome: 'succeeded', summary: { reminded: 0 } });

    const reminders = await sql<{ idempotency_key: string; recipient: string; subject: string; status: string }>(
      "SELECT idempotency_key, recipient, subject, status FROM email_outbox WHERE template = 'lesson-reminder'",
    );
    expect(reminders).toEqual([
      {
        idempotency_key: `lesson-reminder-24h:${lessonId}`,
        recipient: parentEmail,
        subject: "Reminder: Ada Lovelace's piano lesson on Monday, October 26, 2026 at 4:00 PM ADT",
        status: expect.stringMatching(/^(pending|sending|delivered_locally)$/),
      },
    ]);
    expect((await eventsOf(`lesson-${lessonId}`)).filter((e) => e === 'LessonReminderSent')).toHaveLength(1);
    expect(await eventsOf(`lesson-${cancelledId}`)).not.toContain('LessonReminderSent');
  });

  it('expires the makeup credit once it is past its expiry; it can no longer be used', async () => {
    // Granted when cancelled (2026-10-21T12:00Z), usable until 2026-10-24T12:00Z.
    await moveClock(() => clock.set('2026-10-24T11:59:00Z'));
    expect(await run('makeup-credit-expiry')).toMatchObject({ outcome: 'succeeded', summary: { expired: 0 } });
    const before = await as(t.http.get(`/api/v1/students/${studentId}`));
    expect(before.body.makeupCredits).toBe(1);

    await moveClock(() => clock.set('2026-10-24T12:00:00Z'));
    expect(await run('makeup-credit-expiry')).toMatchObject({
      outcome: 'succeeded',
      summary: { expired: 1, students: 1 },
    });
    expect(await run('makeup-credit-expiry')).toMatchObject({ outcome: 'succeeded', summary: { expired: 0 } });
    expect((await eventsOf(`student-${studentId}`)).filter((e) => e === 'MakeupCreditExpired')).toHaveLength(1);
    const after = await as(t.http.get(`/api/v1/students/${studentId}`));
    expect(after.body.makeupCredits).toBe(0);

    const makeup = await as(t.http.post('/api/v1/lessons')).send({
      studentId,
      startsAt: local('2026-10-28T17:00'),
      lessonType: 'makeup',
    });
    expect(makeup.status).toBe(422);
    expect(makeup.body.message).toMatch(/no unused makeup credit/);
  });

  it('resumes a waitlisted enrollment once a teacher has room, and tells the family', async () => {
    await moveClock(() => clock.set('2026-10-26T12:00:00Z'));
    const family = `mei-${newId().slice(0, 8)}@example.com`;
    const submitted = await t.http.post('/api/v1/enrollments').send({
      studentFirstName: 'Lily',
      studentLastName: 'Chen',
      studentDateOfBirth: '2016-05-14',
      parentFirstName: 'Mei',
      parentLastName: 'Chen',
      parentEmail: family,
      parentPhone: '+19025550123',
      instrument: 'violin',
      preferredLessonDay: 'wednesday',
      preferredLessonTime: 'afternoon',
      lessonDuration: 30,
      paymentToken: 'pm_card_visa',
      agreedToTerms: true,
    });
    expect(submitted.status).toBe(202);
    const enrollmentId = submitted.body.enrollmentId;
    await settle();
    const status = async () => (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body.status;
    expect(await status()).toBe('waitlisted');
    expect(await run('waitlist-recheck')).toMatchObject({ outcome: 'succeeded', summary: { resumed: 0, waiting: 1 } });

    // The saga misses the new teacher (as when it parks the event after its retries): the job is the net.
    const saga = jest.spyOn(t.app.get(WaitlistSaga), 'handle').mockResolvedValue(undefined);
    const violinist = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Itzhak',
      lastName: 'Perlman',
      email: `itzhak-${newId().slice(0, 8)}@example.com`,
      instruments: ['violin'],
      hourlyRate: 90,
      availability,
    });
    expect(violinist.status).toBe(201);
    await settle();
    expect(saga).toHaveBeenCalled();
    expect(await status()).toBe('waitlisted');

    expect(await run('waitlist-recheck')).toMatchObject({ outcome: 'succeeded', summary: { resumed: 1, waiting: 1 } });
    await settle();
    expect(await status()).toBe('completed');
    expect(await run('waitlist-recheck')).toMatchObject({ outcome: 'succeeded', summary: { resumed: 0, waiting: 0 } });
    saga.mockRestore();

    const emails = await sql<{ template: string; subject: string }>(
      'SELECT template, subject FROM email_outbox WHERE recipient = ? ORDER BY created_at',
      [family],
    );
    // Told when it was put on the waiting list, when it resumed, and welcomed.
    expect(emails.map((e) => e.template)).toEqual(['enrollment-waitlisted', 'waitlist-resumed', 'parent-welcome']);
    expect(emails[1].subject).toBe('Good news: a violin teacher has room for Lily Chen');
  });

  it('frees calendar slots of a booking that died before its lesson was recorded, after an hour', async () => {
    await moveClock(() => clock.set('2026-10-27T12:00:00Z'));
    const contexts = t.app.get(CommandContextFactory);
    const executor = t.app.get(CommandExecutor);
    const ghost = newId();
    const slot = { lessonId: ghost, startsAt: '2026-10-28T19:00:00.000Z', endsAt: '2026-10-28T19:30:00.000Z' };
    // What a booking reserves first (CalendarReservations); the process "dies" before ScheduleLesson.
    await executor.execute(
      calendarStream('teacher', clara),
      calendarDecider,
      { type: 'BookSlots', owner: 'teacher', ownerId: clara, slots: [{ ...slot, withId: studentId }] },
      contexts.create(),
    );
    await executor.execute(
      calendarStream('student', studentId),
      calendarDecider,
      { type: 'BookSlots', owner: 'student', ownerId: studentId, slots: [{ ...slot, withId: clara }] },
      contexts.create(),
    );
    const book = () => as(t.http.post('/api/v1/lessons')).send({ studentId, startsAt: local('2026-10-28T16:00') });
    expect((await book()).status).toBe(409);

    await moveClock(() => clock.advance(30 * 60_000)); // too recent: it may still be finishing
    expect(await run('orphan-slot-sweeper')).toMatchObject({ outcome: 'succeeded', summary: { released: 0 } });
    await moveClock(() => clock.advance(31 * 60_000));
    const swept = await run('orphan-slot-sweeper');
    expect(swept).toMatchObject({ outcome: 'succeeded', summary: { released: 2 } });
    expect(await run('orphan-slot-sweeper')).toMatchObject({
      outcome: 'succeeded',
      summary: { released: 0, checked: 0 },
    });
    expect(await eventsOf(calendarStream('teacher', clara))).toContain('CalendarSlotReleased');

    const booked = await book();
    expect(booked.status).toBe(201);
    // Real lessons' slots are left alone.
    await moveClock(() => clock.advance(2 * 3_600_000));
    await sql('DELETE FROM job_checkpoints');
    expect(await run('orphan-slot-sweeper')).toMatchObject({ outcome: 'succeeded', summary: { released: 0 } });
    expect((await as(t.http.get(`/api/v1/lessons/${booked.body.lessons[0].id}`))).body.status).toBe('scheduled');
    expect((await book()).status).toBe(409);
  });

  it('a run that throws is logged, counted, and the next one tries again', async () => {
    const job = t.app.get(JobRunner);
    const spy = jest
      .spyOn(t.app.get(MakeupCreditExpiryJob), 'run')
      .mockRejectedValueOnce(new Error('database unavailable'));
    const failed = await job.trigger('makeup-credit-expiry');
    expect(failed).toMatchObject({ outcome: 'failed', error: 'database unavailable' });
    spy.mockRestore();
    expect(await job.trigger('makeup-credit-expiry')).toMatchObject({ outcome: 'succeeded' });
    const metrics = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(metrics.text).toMatch(/job_failures_total\{job="makeup-credit-expiry"\} 1/);
    expect(metrics.text).toMatch(/job_runs_total\{job="lesson-reminders",outcome="succeeded"\} \d+/);
  });
});
