import { MikroORM } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/pg-pool.token';
import { DateTime } from 'luxon';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { LessonChangesWorkflow } from '../../src/lessons/lesson-changes.workflow';
import { LessonSchedulingWorkflow } from '../../src/lessons/lesson-scheduling.workflow';
import { ManualClock } from '../../src/shared/clock';
import { deriveId, newId } from '../../src/shared/ids';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { AssignTeacher, EnrollStudent } from '../../src/students/student.handlers';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { PARSERS } from '../support/ical-parsers';
import { startTestApp, TestApp } from '../support/test-app';

const ZONE = 'America/Halifax';
/** A local wall time in the academy's zone, as an ISO instant with its offset. */
const local = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toISO()!;
const utc = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toUTC().toISO()!;

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

describe('lessons, end to end over HTTP', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday, before the November DST change
  let t: TestApp;
  let admin: string;
  let clara: string;
  let glenn: string;
  let violinist: string;

  /** Moves the app's clock; the access token is signed again, as tokens expire by that clock. */
  const moveClock = async (at: Date | string) => {
    clock.set(at);
    admin = await t.login();
  };

  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);

  async function teacher(firstName: string, instruments: string[]): Promise<string> {
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName,
      lastName: 'Teacher',
      email: `${firstName.toLowerCase()}-${newId().slice(0, 8)}@example.com`,
      instruments,
      hourlyRate: 80,
      availability,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** Students come from the enrollment workflow; here its commands are issued directly. */
  async function student(
    teacherId: string | null,
    instrument = 'piano',
    name = 'Sam',
    parentEmail?: string,
  ): Promise<string> {
    const commands = t.app.get(CommandBus);
    const contexts = t.app.get(CommandContextFactory);
    const studentId = newId();
    const parentId = newId();
    if (parentEmail) {
      await commands.execute(
        new RegisterUser(
          { userId: parentId, email: parentEmail, role: 'parent', displayName: 'Pat Parent', teacherId: null },
          contexts.create(),
        ),
      );
    }
    await commands.execute(
      new EnrollStudent(
        {
          studentId,
          parentId,
          enrollmentId: null,
          firstName: name,
          lastName: 'Student',
          dateOfBirth: '2015-04-01',
          instrument: instrument as 'piano',
          skillLevel: 'beginner',
          lessonRateCents: 45_00,
          lessonDurationMinutes: 30,
          preferredLessonDay: 'monday',
          preferredLessonTime: 'afternoon',
        },
        contexts.create(),
      ),
    );
    if (teacherId) await commands.execute(new AssignTeacher({ studentId, teacherId }, contexts.create()));
    await t.app.get(SubscriptionsService).waitForAll(5000);
    return studentId;
  }

  const book = (body: Record<string, unknown>) => as(t.http.post('/api/v1/lessons')).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    clara = await teacher('Clara', ['piano']);
    glenn = await teacher('Glenn', ['piano']);
    violinist = await teacher('Itzhak', ['violin']);
  });
  afterAll(() => t.close());

  it("books a lesson in the teacher's local time and shows it", async () => {
    const s = await student(clara);
    const res = await book({ studentId: s, startsAt: local('2026-10-26T16:00') });
    expect(res.status).toBe(201);
    expect(res.body.lessons).toEqual([
      expect.objectContaining({
        startsAt: '2026-10-26T19:00:00.000Z',
        endsAt: '2026-10-26T19:30:00.000Z',
        teacherId: clara,
        studentId: s,
        status: 'scheduled',
        lessonType: 'regular',
      }),
    ]);
    const one = await as(t.http.get(`/api/v1/lessons/${res.body.lessons[0].id}`));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: res.body.lessons[0].id, status: 'scheduled', durationMinutes: 30 });
  });

  it("a booking, its two emails, their delivery and the session checks reach the database through the driver, not MikroORM's queries", async () => {
    const parentEmail = `dora-${newId().slice(0, 8)}@example.com`;
    const s = await student(clara, 'piano', 'Dora', parentEmail);
    const pool = t.app.get<Pool>(PG_POOL);
    const emails = async () =>
      (
        await pool.query<{ status: string }>(
          'SELECT status FROM email_outbox WHERE recipient = $1 OR template = $2 AND text_body LIKE $3',
          [parentEmail, 'teacher-lesson-change', '%Dora Student%'],
        )
      ).rows.map((r) => r.status);
    // Every statement MikroORM's query layer sends (em.find, findOne, execute) passes here.
    const viaOrm = jest.spyOn(t.app.get(MikroORM).em.getConnection(), 'execute');
    try {
      expect((await as(t.http.get('/api/v1/auth/me'))).status).toBe(200);
      const res = await book({ studentId: s, startsAt: local('2026-11-03T19:00') });
      expect(res.status).toBe(201);
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        const statuses = await emails();
        if (statuses.length === 2 && statuses.every((st) => st === 'delivered_locally')) break;
      }
      expect(await emails()).toEqual(['delivered_locally', 'delivered_locally']);
      const hot = viaOrm.mock.calls
        .map(([sql]) => String(sql))
        .filter((sql) => /auth_sessions|email_outbox|from "(students|teachers|users)"/.test(sql));
      expect(hot).toEqual([]);
    } finally {
      viaOrm.mockRestore();
    }
  });

  it('books once when a request is retried with the same Idempotency-Key', async () => {
    const s = await student(glenn);
    const body = {
      studentId: s,
      startsAt: local('2026-10-27T19:00'),
      recurrence: { pattern: 'weekly', occurrences: 2 },
    };
    const first = await book(body).set('Idempotency-Key', 'retry-me-1');
    const again = await book(body).set('Idempotency-Key', 'retry-me-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.lessons.map((l: { id: string }) => l.id)).toEqual(
      first.body.lessons.map((l: { id: string }) => l.id),
    );
    expect((await as(t.http.get(`/api/v1/lessons?studentId=${s}`))).body.items).toHaveLength(2);
  });

  it('refuses real-looking but impossible times with 400', async () => {
    const s = await student(clara);
    for (const startsAt of ['2026-13-01T10:00:00Z', '2026-02-31T16:00:00-04:00', '2026-10-26T16:00:00+99:00']) {
      const res = await book({ studentId: s, startsAt });
      expect({ startsAt, status: res.status }).toEqual({ startsAt, status: 400 });
    }
    expect((await as(t.http.get('/api/v1/lessons?from=2026-13-01T00:00:00Z'))).status).toBe(400);
  });

  it('answers 409 with the conflict and alternatives when the teacher is taken', async () => {
    const first = await student(clara);
    const second = await student(clara);
    expect((await book({ studentId: first, startsAt: local('2026-10-27T16:00') })).status).toBe(201);
    const check = await as(t.http.post('/api/v1/lessons/check-conflicts')).send({
      studentId: second,
      startsAt: local('2026-10-27T16:15'),
    });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ available: false, conflicts: [{ reason: 'teacher-busy' }] });
    const res = await book({ studentId: second, startsAt: local('2026-10-27T16:15') });
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toEqual([
      expect.objectContaining({ startsAt: utc('2026-10-27T16:15'), reason: 'teacher-busy' }),
    ]);
    expect(res.body.alternatives.length).toBeGreaterThan(0);
    expect(res.body.alternatives[0]).toMatchObject({ teacherId: clara });
    // nearest first: 16:30 that day is free, right after the booked lesson
    expect(res.body.alternatives[0].startsAt).toBe(utc('2026-10-27T16:30'));
    expect(res.body.alternatives.some((a: { teacherId: string }) => a.teacherId === glenn)).toBe(true);
    // the alternative it offers is bookable
    expect((await book({ studentId: second, startsAt: res.body.alternatives[0].startsAt })).status).toBe(201);
  });

  it('lets exactly one of many concurrent bookings of one slot win', async () => {
    const students = await Promise.all(Array.from({ length: 12 }, (_, i) => student(clara, 'piano', `Racer${i}`)));
    const results = await Promise.all(students.map((s) => book({ studentId: s, startsAt: local('2026-11-03T17:00') })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.alternatives.length).toBeGreaterThan(0);
    const listed = await as(
      t.http.get(
        `/api/v1/lessons?teacherId=${clara}&from=${encodeURIComponent(local('2026-11-03T00:00'))}&to=${encodeURIComponent(local('2026-11-04T00:00'))}`,
      ),
    );
    expect(listed.body.items.filter((l: { startsAt: string }) => l.startsAt === utc('2026-11-03T17:00'))).toHaveLength(
      1,
    );
  });

  it('lets one student hold one slot even when two teachers are asked at once', async () => {
    const s = await student(clara);
    const results = await Promise.all([
      book({ studentId: s, teacherId: clara, startsAt: local('2026-11-09T18:00') }),
      book({ studentId: s, teacherId: glenn, startsAt: local('2026-11-09T18:00') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.conflicts[0].reason).toMatch(/student-busy|teacher-busy/);
    // The loser's teacher calendar was given back: another student can take that slot.
    const loserTeacher = results.find((r) => r.status === 409) === results[0] ? clara : glenn;
    const other = await student(loserTeacher);
    expect((await book({ studentId: other, startsAt: local('2026-11-09T18:00') })).status).toBe(201);
  });

  it('books a weekly series that keeps 17:00 local across the November DST change', async () => {
    const s = await student(glenn);
    const res = await book({
      studentId: s,
      startsAt: local('2026-10-26T17:00'),
      recurrence: { pattern: 'weekly', occurrences: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body.lessons.map((l: { startsAt: string }) => l.startsAt)).toEqual([
      '2026-10-26T20:00:00.000Z',
      '2026-11-02T21:00:00.000Z',
      '2026-11-09T21:00:00.000Z',
    ]);
    expect(new Set(res.body.lessons.map((l: { seriesId: string }) => l.seriesId)).size).toBe(1);
  });

  it('books a series all or nothing, listing every conflicting date', async () => {
    const s = await student(glenn);
    const res = await book({
      studentId: s,
      startsAt: local('2026-10-26T17:15'),
      recurrence: { pattern: 'weekly', occurrences: 4 },
    });
    expect(res.status).toBe(409);
    expect(res.body.conflicts.map((c: { startsAt: string }) => c.startsAt)).toEqual([
      utc('2026-10-26T17:15'),
      utc('2026-11-02T17:15'),
      utc('2026-11-09T17:15'),
    ]);
    const mine = await as(t.http.get(`/api/v1/lessons?studentId=${s}`));
    expect(mine.body.items).toEqual([]);
  });

  describe('refusals change nothing', () => {
    let s: string;
    beforeAll(async () => {
      s = await student(clara);
    });
    afterAll(async () => expect((await as(t.http.get(`/api/v1/lessons?studentId=${s}`))).body.items).toEqual([]));

    it.each([
      ['outside availability', { startsAt: local('2026-10-28T16:00') }, 409, /outside-availability/],
      ['spilling past the window', { startsAt: local('2026-10-26T19:45') }, 409, /outside-availability/],
      ['in the past', { startsAt: local('2026-10-19T16:00') }, 422, /future/],
      ['a time without offset', { startsAt: '2026-10-26T16:00:00' }, 400, /offset/],
      ['a malformed time', { startsAt: 'next monday' }, 400, /offset/],
      [
        'a duration of 10 minutes',
        { startsAt: local('2026-10-26T18:00'), durationMinutes: 10 },
        400,
        /durationMinutes/,
      ],
      [
        'a duration of 121 minutes',
        { startsAt: local('2026-10-26T16:00'), durationMinutes: 121 },
        400,
        /durationMinutes/,
      ],
      [
        '53 occurrences',
        { startsAt: local('2026-10-26T18:00'), recurrence: { pattern: 'weekly', occurrences: 53 } },
        400,
        /occurrences/,
      ],
      [
        'an unknown pattern',
        { startsAt: local('2026-10-26T18:00'), recurrence: { pattern: 'daily', occurrences: 2 } },
        400,
        /pattern/,
      ],
      [
        'a teacher who does not teach the instrument',
        { startsAt: local('2026-10-26T18:00'), teacherId: '__violinist__' },
        422,
        /does not teach piano/,
      ],
      [
        'an unknown teacher',
        { startsAt: local('2026-10-26T18:00'), teacherId: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b' },
        404,
        /no teacher/,
      ],
      [
        'a makeup lesson without a credit',
        { startsAt: local('2026-10-26T18:00'), lessonType: 'makeup' },
        422,
        /makeup credit/,
      ],
    ])('%s → %i', async (_, change, status, message) => {
      const body = { studentId: s, ...change } as Record<string, unknown>;
      if (body.teacherId === '__violinist__') body.teacherId = violinist;
      const res = await book(body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('answers 404 for an unknown student, 422 for one without a teacher', async () => {
      expect(
        (await book({ studentId: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b', startsAt: local('2026-10-26T18:00') })).status,
      ).toBe(404);
      const unassigned = await student(null);
      const res = await book({ studentId: unassigned, startsAt: local('2026-10-26T18:00') });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('NO_TEACHER_ASSIGNED');
    });
  });

  describe('reschedule, cancel, makeup, complete', () => {
    let s: string;
    let lessonId: string;
    beforeAll(async () => {
      s = await student(clara);
      const res = await book({ studentId: s, startsAt: local('2026-10-27T18:00') });
      expect(res.status).toBe(201);
      lessonId = res.body.lessons[0].id;
    });

    it('moves a lesson more than 24 h ahead, and refuses a taken time with alternatives', async () => {
      const moved = await as(t.http.post(`/api/v1/lessons/${lessonId}/reschedule`)).send({
        startsAt: local('2026-10-27T19:00'),
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        id: lessonId,
        startsAt: utc('2026-10-27T19:00'),
        endsAt: utc('2026-10-27T19:30'),
      });
      const taken = await as(t.http.post(`/api/v1/lessons/${lessonId}/reschedule`)).send({
        startsAt: local('2026-10-27T16:00'),
      });
      expect(taken.status).toBe(409);
      expect(taken.body.alternatives.length).toBeGreaterThan(0);
      const outside = await as(t.http.post(`/api/v1/lessons/${lessonId}/reschedule`)).send({
        startsAt: local('2026-10-28T16:00'),
      });
      expect(outside.status).toBe(409);
      // the old time is free again
      const other = await student(clara);
      expect((await book({ studentId: other, startsAt: local('2026-10-27T18:00') })).status).toBe(201);
    });

    it('refuses to move within 24 h (422)', async () => {
      await moveClock(DateTime.fromISO('2026-10-26T20:00', { zone: ZONE }).toJSDate());
      const res = await as(t.http.post(`/api/v1/lessons/${lessonId}/reschedule`)).send({
        startsAt: local('2026-11-02T16:00'),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TOO_LATE_TO_RESCHEDULE');
      await moveClock('2026-10-21T12:00:00Z');
    });

    it('cancels with notice: a makeup credit, the slot freed; then a makeup lesson uses the credit', async () => {
      const res = await as(t.http.post(`/api/v1/lessons/${lessonId}/cancel`)).send({
        reason: 'family trip',
        initiatedBy: 'family',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: lessonId,
        status: 'cancelled',
        makeupCredit: true,
        cancelReason: 'family trip',
      });
      expect((await as(t.http.post(`/api/v1/lessons/${lessonId}/cancel`)).send({ reason: 'again' })).status).toBe(409);
      const other = await student(clara);
      expect((await book({ studentId: other, startsAt: local('2026-10-27T19:00') })).status).toBe(201);
      const makeup = await book({ studentId: s, startsAt: local('2026-11-02T15:00'), lessonType: 'makeup' });
      expect(makeup.status).toBe(201);
      const again = await book({ studentId: s, startsAt: local('2026-11-02T16:00'), lessonType: 'makeup' });
      expect(again.status).toBe(422);
    });

    it("gives no credit for a family cancellation within 24 h, always for a teacher's", async () => {
      const a = (await book({ studentId: s, startsAt: local('2026-11-09T15:00') })).body.lessons[0].id;
      const b = (await book({ studentId: s, startsAt: local('2026-11-09T16:00') })).body.lessons[0].id;
      await moveClock(DateTime.fromISO('2026-11-09T10:00', { zone: ZONE }).toJSDate());
      expect(
        (await as(t.http.post(`/api/v1/lessons/${a}/cancel`)).send({ reason: 'sick', initiatedBy: 'family' })).body,
      ).toMatchObject({ status: 'cancelled', makeupCredit: false });
      expect(
        (await as(t.http.post(`/api/v1/lessons/${b}/cancel`)).send({ reason: 'teacher ill', initiatedBy: 'teacher' }))
          .body,
      ).toMatchObject({ status: 'cancelled', makeupCredit: true });
      await moveClock('2026-10-21T12:00:00Z');
    });

    it('a makeup credit covers a lesson up to the length of the one cancelled: a 30-minute credit refuses a 120-minute lesson', async () => {
      // the teacher's cancellation above (a 30-minute lesson) left the student a credit recording its 30 minutes
      const granted = (await t.app.get<EventStore>(EVENT_STORE).readStream(`student-${s}`)).filter(
        (e) => e.type === 'MakeupCreditGranted',
      );
      expect(granted[granted.length - 1].data).toMatchObject({ lessonMinutes: 30 });
      const long = { studentId: s, startsAt: local('2026-11-16T15:00'), durationMinutes: 120, lessonType: 'makeup' };
      for (const path of ['/api/v1/lessons', '/api/v1/lessons/check-conflicts']) {
        const res = await as(t.http.post(path)).send(long);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({
          code: 'MAKEUP_LESSON_TOO_LONG',
          message: expect.stringContaining('cover up to 30 minutes, not 120'),
        });
      }
      expect(
        (await as(t.http.get(`/api/v1/lessons?studentId=${s}&from=${encodeURIComponent(local('2026-11-16T00:00'))}`)))
          .body.items,
      ).toEqual([]);
      const fits = await book({ ...long, durationMinutes: 30 });
      expect(fits.status).toBe(201);
      expect(fits.body.lessons[0]).toMatchObject({ lessonType: 'makeup', durationMinutes: 30 });
    });

    it('completes a lesson once it has started, with notes; records a no-show', async () => {
      const a = (await book({ studentId: s, startsAt: local('2026-11-10T15:00') })).body.lessons[0].id;
      const b = (await book({ studentId: s, startsAt: local('2026-11-10T16:00') })).body.lessons[0].id;
      expect((await as(t.http.post(`/api/v1/lessons/${a}/complete`)).send({ notes: 'scales' })).status).toBe(422);
      await moveClock(DateTime.fromISO('2026-11-10T17:00', { zone: ZONE }).toJSDate());
      const done = await as(t.http.post(`/api/v1/lessons/${a}/complete`)).send({
        notes: 'C major scale, hands together',
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', completionNotes: 'C major scale, hands together' });
      expect((await as(t.http.post(`/api/v1/lessons/${b}/no-show`))).body.status).toBe('no_show');
      expect((await as(t.http.post(`/api/v1/lessons/${b}/complete`)).send({})).status).toBe(409);
      await moveClock('2026-10-21T12:00:00Z');
    });
  });

  it('emails the family once per change: booking (a series is one), move, cancellation', async () => {
    const email = `pat-${newId().slice(0, 8)}@example.com`;
    const s = await student(glenn, 'piano', 'Mia', email);
    const series = await book({
      studentId: s,
      startsAt: local('2026-11-10T15:00'),
      recurrence: { pattern: 'weekly', occurrences: 3 },
    });
    expect(series.status).toBe(201);
    const single = (await book({ studentId: s, startsAt: local('2026-11-16T19:00') })).body.lessons[0].id;
    expect(
      (await as(t.http.post(`/api/v1/lessons/${single}/reschedule`)).send({ startsAt: local('2026-11-16T18:00') }))
        .status,
    ).toBe(200);
    const cancelled = await as(t.http.post(`/api/v1/lessons/${single}/cancel`)).send({
      reason: 'recital',
      initiatedBy: 'family',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    await t.app.get(SubscriptionsService).waitForAll(5000);
    const emails = (await as(t.http.get(`/api/v1/admin/emails?recipient=${encodeURIComponent(email)}`))).body.items as {
      template: string;
      subject: string;
    }[];
    expect(emails.map((e) => e.template).sort()).toEqual([
      'lesson-cancelled',
      'lesson-rescheduled',
      'lesson-scheduled',
      'lesson-scheduled',
    ]);
    expect(emails.find((e) => e.template === 'lesson-rescheduled')?.subject).toMatch(/Mia Student/);
    // …and the teacher, once per change too: the series, the booking, the move, the cancellation.
    const glennsEmail = (await as(t.http.get(`/api/v1/teachers/${glenn}`))).body.email as string;
    const toTeacher = (
      await as(
        t.http
          .get('/api/v1/admin/emails')
          .query({ recipient: glennsEmail, template: 'teacher-lesson-change', limit: 200 }),
      )
    ).body.items as { subject: string }[];
    const aboutMia = toTeacher
      .filter((e) => e.subject.includes('Mia Student'))
      .map((e) => e.subject.split(':')[0])
      .sort();
    expect(aboutMia).toEqual(['Lesson booked', 'Lesson cancelled', 'Lesson moved', 'Lessons booked']);
    // redelivering every lesson event to the sagas adds nothing
    const before = emails.length;
    for (const name of ['workflow:lesson-scheduling', 'workflow:lesson-changes']) {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const saga =
        name === 'workflow:lesson-scheduling' ? t.app.get(LessonSchedulingWorkflow) : t.app.get(LessonChangesWorkflow);
      for (const e of await store.readAll({ types: saga.eventTypes, limit: 10_000 })) await saga.handle(e);
    }
    expect(
      (await as(t.http.get(`/api/v1/admin/emails?recipient=${encodeURIComponent(email)}`))).body.items,
    ).toHaveLength(before);
  });

  it('serves the scheduling workflows as DAGs', async () => {
    const res = await as(t.http.get('/api/v1/workflows'));
    const scheduling = res.body.workflows.find((w: { name: string }) => w.name === 'lesson-scheduling');
    expect(scheduling.nodes.map((n: { name: string }) => n.name)).toEqual([
      'CheckAvailability',
      'ScheduleLesson',
      'SuggestAlternatives',
      'SendConfirmation',
    ]);
    expect(scheduling.routers.map((r: { name: string }) => r.name)).toEqual(['AvailabilityRouter', 'BookingRouter']);
    expect(scheduling.edges).toEqual(
      expect.arrayContaining([{ from: 'CheckAvailability', to: 'SuggestAlternatives', on: 'SlotUnavailable' }]),
    );
  });

  it('lists with filters and cursor paging', async () => {
    const first = await as(t.http.get(`/api/v1/lessons?teacherId=${clara}&limit=2`));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await as(t.http.get(`/api/v1/lessons?teacherId=${clara}&limit=2&cursor=${first.body.next}`));
    expect(second.body.items[0].startsAt >= first.body.items[1].startsAt).toBe(true);
    expect(new Set([...first.body.items, ...second.body.items].map((l: { id: string }) => l.id)).size).toBe(4);
    expect(
      (await as(t.http.get('/api/v1/lessons?status=cancelled'))).body.items.every(
        (l: { status: string }) => l.status === 'cancelled',
      ),
    ).toBe(true);
    expect((await as(t.http.get('/api/v1/lessons?from=yesterday'))).status).toBe(400);
    expect((await as(t.http.get('/api/v1/lessons?cursor=bogus'))).status).toBe(400);
  });

  it("shows a teacher's days with lessons and free slots", async () => {
    const res = await as(
      t.http.get(
        `/api/v1/lessons/schedule/view?teacherId=${clara}&from=${encodeURIComponent(local('2026-10-26T00:00'))}&to=${encodeURIComponent(local('2026-10-28T00:00'))}&slotMinutes=60`,
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(['2026-10-26', '2026-10-27']);
    const monday = res.body.days[0];
    expect(monday.lessons.map((l: { startsAt: string }) => l.startsAt)).toContain(utc('2026-10-26T16:00'));
    expect(monday.freeSlots.map((f: { startsAt: string }) => f.startsAt)).toEqual([
      utc('2026-10-26T15:00'),
      utc('2026-10-26T17:00'),
      utc('2026-10-26T18:00'),
      utc('2026-10-26T19:00'),
    ]);
  });

  it('offers public timeslots without the booked ones', async () => {
    const res = await t.http.get(
      `/api/v1/public/timeslots?instrument=piano&from=${encodeURIComponent(local('2026-10-26T16:00'))}&to=${encodeURIComponent(local('2026-10-26T17:00'))}&durationMinutes=30`,
    );
    expect(res.status).toBe(200);
    const claras = res.body
      .filter((x: { teacherId: string }) => x.teacherId === clara)
      .map((x: { startsAt: string }) => x.startsAt);
    expect(claras).toEqual([utc('2026-10-26T16:30')]);
    expect(res.body.some((x: { teacherId: string }) => x.teacherId === glenn)).toBe(true);
    expect((await t.http.get('/api/v1/public/timeslots?instrument=banjo&from=x&to=y')).status).toBe(400);
    // Only slots a family could book: on a Monday morning, none that afternoon (within 24 hours).
    const saved = clock.now();
    clock.set(new Date('2026-11-09T14:00:00Z')); // Monday 10:00 in Halifax; the teachers teach from 15:00
    try {
      const now = clock.now().getTime();
      const week = await t.http.get('/api/v1/public/timeslots').query({
        instrument: 'piano',
        from: new Date(now).toISOString(),
        to: new Date(now + 7 * 86_400_000).toISOString(),
        limit: 200,
      });
      expect(week.body.length).toBeGreaterThan(0);
      expect(week.body.filter((x: { startsAt: string }) => Date.parse(x.startsAt) - now <= 24 * 3_600_000)).toEqual([]);
    } finally {
      clock.set(saved);
    }
  });

  it("serves a teacher's lessons as iCalendar that two parsers read at the right instants", async () => {
    const res = await as(t.http.get(`/api/v1/calendar/teachers/${clara}.ics`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const lessons = (await as(t.http.get(`/api/v1/lessons?teacherId=${clara}&limit=200`))).body.items;
    for (const [, parse] of PARSERS) {
      const events = parse(res.text);
      expect(events.map((e) => [e.uid, e.start]).sort()).toEqual(
        lessons
          .map((l: { id: string; startsAt: string }) => [`${l.id}@cedarheights`, l.startsAt.replace('.000Z', 'Z')])
          .sort(),
      );
      const first = events.find((e) => e.start === utc('2026-10-26T16:00').replace('.000Z', 'Z'));
      expect(first?.summary).toBe('Lesson: Sam (piano)');
    }
    expect((await as(t.http.get(`/api/v1/calendar/teachers/${deriveId('nobody')}.ics`))).status).toBe(404);
    expect((await as(t.http.get('/api/v1/calendar/teachers/not-a-file'))).status).toBe(404);
  });
});
