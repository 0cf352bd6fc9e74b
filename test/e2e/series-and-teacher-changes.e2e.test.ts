import { CommandBus } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { CommandExecutor } from '../../src/cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { Sessions } from '../../src/identity/sessions/sessions.service';
import { LessonCancellationWorkflow } from '../../src/lessons/cancel-lessons/lesson-cancellation.workflow';
import { LessonChangesWorkflow } from '../../src/lessons/lesson-changes.workflow';
import { LessonSchedulingWorkflow } from '../../src/lessons/lesson-scheduling.workflow';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { AssignTeacher, EnrollStudent } from '../../src/students/student.handlers';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { TeacherDepartureWorkflow } from '../../src/teachers/deactivate-teacher/teacher-departure.workflow';
import { teacherDecider } from '../../src/teachers/teacher.decider';
import { teacherStream } from '../../src/teachers/teacher.events';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ZONE = 'America/Halifax';
/** A local wall time in the academy's zone, as an ISO instant with its offset. */
const local = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toISO()!;
const utc = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toUTC().toISO()!;

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

/**
 * What families and teachers see when a series is booked or cancelled, and when the office
 * changes a teacher's terms, hours, or lets a teacher go.
 */
describe('series, and changes to teachers, end to end over HTTP', () => {
  // Monday, February 15, 2027; daylight time starts on Sunday, March 14.
  const clock = new ManualClock(new Date('2027-02-15T12:00:00Z'));
  let t: TestApp;
  let admin: string;

  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  const settle = () => t.app.get(SubscriptionsService).waitForAll(10_000);
  const moveClock = async (at: string) => {
    clock.set(new Date(at));
    admin = await t.login();
  };

  async function teacher(
    firstName: string,
    instruments: string[],
    more: Record<string, unknown> = {},
  ): Promise<{ id: string; email: string }> {
    const email = `${firstName.toLowerCase()}-${newId().slice(0, 8)}@example.com`;
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName,
      lastName: 'Teacher',
      email,
      instruments,
      hourlyRate: 80,
      availability,
      ...more,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, email };
  }

  /** A student of a family with a parent account, holding a seat of `teacherId` (as the enrollment workflow leaves it). */
  async function student(
    teacherId: string,
    name: string,
    instrument = 'piano',
  ): Promise<{ id: string; parentId: string; parentEmail: string }> {
    const commands = t.app.get(CommandBus);
    const contexts = t.app.get(CommandContextFactory);
    const id = newId();
    const parentId = newId();
    const parentEmail = `${name.toLowerCase()}-family-${newId().slice(0, 8)}@example.com`;
    await commands.execute(
      new RegisterUser(
        { userId: parentId, email: parentEmail, role: 'parent', displayName: `${name}'s parent`, teacherId: null },
        contexts.create(),
      ),
    );
    await commands.execute(
      new EnrollStudent(
        {
          studentId: id,
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
    await t.app
      .get(CommandExecutor)
      .execute(
        teacherStream(teacherId),
        teacherDecider,
        { type: 'TakeTeacherSeat', teacherId, studentId: id },
        contexts.create(),
      );
    await commands.execute(new AssignTeacher({ studentId: id, teacherId }, contexts.create()));
    await settle();
    return { id, parentId, parentEmail };
  }

  const tokenFor = async (user: { id: string; email: string; role: 'parent' | 'teacher' }) =>
    (await t.app.get(Sessions).start(user)).accessToken;

  type Mail = { id: string; template: string; subject: string };
  async function emails(recipient: string, template?: string): Promise<(Mail & { text: string })[]> {
    await settle();
    const list = await as(
      t.http.get('/api/v1/admin/emails').query({ recipient, limit: 200, ...(template ? { template } : {}) }),
    );
    expect(list.status).toBe(200);
    return Promise.all(
      (list.body.items as Mail[]).map(async (m) => ({
        ...m,
        text: (await as(t.http.get(`/api/v1/admin/emails/${m.id}`))).body.text as string,
      })),
    );
  }

  const datesIn = (text: string) => [...text.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
  }, 60_000);
  afterAll(() => t.close());

  describe('a weekly series of 8, booked and then cancelled from a date on', () => {
    let clara: { id: string; email: string };
    let ada: Awaited<ReturnType<typeof student>>;
    let seriesId: string;
    let lessonIds: string[];

    beforeAll(async () => {
      clara = await teacher('Clara', ['piano']);
      ada = await student(clara.id, 'Ada');
    });

    it('confirms the series to the family once, listing all 8 dates at 4:00 PM local across the change to daylight time', async () => {
      const res = await as(t.http.post('/api/v1/lessons')).send({
        studentId: ada.id,
        startsAt: local('2027-02-22T16:00'),
        recurrence: { pattern: 'weekly', occurrences: 8 },
      });
      expect(res.status).toBe(201);
      lessonIds = res.body.lessons.map((l: { id: string }) => l.id);
      seriesId = res.body.lessons[0].seriesId;
      const [confirmation, ...more] = await emails(ada.parentEmail, 'lesson-scheduled');
      expect(more).toEqual([]);
      expect(confirmation.subject).toBe(
        'Lessons booked: Ada Student with Clara Teacher, 8 lessons from Monday, February 22, 2027 at 4:00 PM AST',
      );
      expect(datesIn(confirmation.text)).toEqual([
        'Monday, February 22, 2027 at 4:00 PM AST',
        'Monday, March 1, 2027 at 4:00 PM AST',
        'Monday, March 8, 2027 at 4:00 PM AST',
        'Monday, March 15, 2027 at 4:00 PM ADT',
        'Monday, March 22, 2027 at 4:00 PM ADT',
        'Monday, March 29, 2027 at 4:00 PM ADT',
        'Monday, April 5, 2027 at 4:00 PM ADT',
        'Monday, April 12, 2027 at 4:00 PM ADT',
      ]);
    });

    it('tells the teacher once too, with every date', async () => {
      const [notice, ...more] = await emails(clara.email, 'teacher-lesson-change');
      expect(more).toEqual([]);
      expect(notice.subject).toBe(
        'Lessons booked: Ada Student, 8 lessons from Monday, February 22, 2027 at 4:00 PM AST',
      );
      expect(datesIn(notice.text)).toHaveLength(8);
      expect(datesIn(notice.text)[3]).toBe('Monday, March 15, 2027 at 4:00 PM ADT');
    });

    it('the family cancels the rest from the next lesson on: past and completed lessons untouched, a credit for each with notice, one email each', async () => {
      // March 1, 8:00 AM: the Feb 22 lesson was taught; today's 4:00 PM lesson is less than 24 h away.
      await moveClock(utc('2027-03-01T08:00'));
      expect((await as(t.http.post(`/api/v1/lessons/${lessonIds[0]}/complete`)).send({ notes: 'scales' })).status).toBe(
        200,
      );
      const parent = await tokenFor({ id: ada.parentId, email: ada.parentEmail, role: 'parent' });
      const res = await as(t.http.post(`/api/v1/lessons/series/${seriesId}/cancel`), parent).send({
        reason: 'moving to Toronto',
      });
      expect(res.status).toBe(200);
      expect(res.body.remaining).toBe(0);
      expect(res.body.cancelled.map((l: { lessonId: string }) => l.lessonId)).toEqual(lessonIds.slice(1));
      expect(res.body.cancelled.map((l: { makeupCredit: boolean }) => l.makeupCredit)).toEqual([
        false,
        true,
        true,
        true,
        true,
        true,
        true,
      ]);

      const lessons = (await as(t.http.get('/api/v1/lessons').query({ studentId: ada.id, limit: 50 }))).body.items as {
        id: string;
        status: string;
      }[];
      expect(lessons.map((l) => l.status)).toEqual(['completed', ...Array(7).fill('cancelled')]);
      await settle();
      expect((await as(t.http.get(`/api/v1/students/${ada.id}`))).body.makeupCredits).toBe(6);

      const [notice, ...more] = await emails(ada.parentEmail, 'lessons-cancelled');
      expect(more).toEqual([]);
      expect(datesIn(notice.text)).toEqual([
        'Monday, March 1, 2027 at 4:00 PM AST',
        'Monday, March 8, 2027 at 4:00 PM AST (make-up credit)',
        'Monday, March 15, 2027 at 4:00 PM ADT (make-up credit)',
        'Monday, March 22, 2027 at 4:00 PM ADT (make-up credit)',
        'Monday, March 29, 2027 at 4:00 PM ADT (make-up credit)',
        'Monday, April 5, 2027 at 4:00 PM ADT (make-up credit)',
        'Monday, April 12, 2027 at 4:00 PM ADT (make-up credit)',
      ]);
      expect(notice.text).toContain('Reason: moving to Toronto');
      expect(notice.text).toContain('6 of them come with a make-up credit');
      // no email per lesson on top
      expect(await emails(ada.parentEmail, 'lesson-cancelled')).toEqual([]);
      const [toTeacher, ...moreToTeacher] = await emails(clara.email, 'teacher-lessons-cancelled');
      expect(moreToTeacher).toEqual([]);
      expect(datesIn(toTeacher.text)).toHaveLength(7);
      expect(datesIn(toTeacher.text)[0]).toBe('Monday, March 1, 2027 at 4:00 PM AST, Ada Student');
      expect(
        (await emails(clara.email, 'teacher-lesson-change')).filter((m) => m.subject.startsWith('Lesson cancelled')),
      ).toEqual([]);
    });

    it('frees the calendar slots: another student books Clara at the same time', async () => {
      const other = await student(clara.id, 'Ben');
      const res = await as(t.http.post('/api/v1/lessons')).send({
        studentId: other.id,
        startsAt: local('2027-03-08T16:00'),
      });
      expect(res.status).toBe(201);
    });

    it('repeating the cancellation, or redelivering its events, changes nothing and sends nothing', async () => {
      const before = (await emails(ada.parentEmail)).length + (await emails(clara.email)).length;
      const again = await as(t.http.post(`/api/v1/lessons/series/${seriesId}/cancel`)).send({
        reason: 'moving to Toronto',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ seriesId, cancelled: [], remaining: 0 });
      const store = t.app.get<EventStore>(EVENT_STORE);
      for (const saga of [
        t.app.get(LessonSchedulingWorkflow),
        t.app.get(LessonChangesWorkflow),
        t.app.get(LessonCancellationWorkflow),
      ]) {
        for (const e of await store.readAll({ types: saga.eventTypes, limit: 10_000 })) await saga.handle(e);
      }
      expect((await emails(ada.parentEmail)).length + (await emails(clara.email)).length).toBe(before);
      expect((await as(t.http.get(`/api/v1/students/${ada.id}`))).body.makeupCredits).toBe(6);
    });

    it("the teacher cancels the rest of a series of theirs from a date; other families' series are not theirs to cancel (404)", async () => {
      const dana = await student(clara.id, 'Dana');
      const booked = await as(t.http.post('/api/v1/lessons')).send({
        studentId: dana.id,
        startsAt: local('2027-03-09T17:00'),
        recurrence: { pattern: 'weekly', occurrences: 4 },
      });
      expect(booked.status).toBe(201);
      const series = booked.body.lessons[0].seriesId as string;
      const glenn = await teacher('Glenn', ['piano']);
      await settle();
      const glennUser = (await as(t.http.get(`/api/v1/teachers/${glenn.id}`))).body.userId as string;
      const claraUser = (await as(t.http.get(`/api/v1/teachers/${clara.id}`))).body.userId as string;
      const stranger = await tokenFor({ id: glennUser, email: glenn.email, role: 'teacher' });
      expect(
        (await as(t.http.post(`/api/v1/lessons/series/${series}/cancel`), stranger).send({ reason: 'not mine' }))
          .status,
      ).toBe(404);
      const otherParent = await tokenFor({ id: ada.parentId, email: ada.parentEmail, role: 'parent' });
      expect(
        (await as(t.http.post(`/api/v1/lessons/series/${series}/cancel`), otherParent).send({ reason: 'not mine' }))
          .status,
      ).toBe(404);

      const own = await tokenFor({ id: claraUser, email: clara.email, role: 'teacher' });
      const res = await as(t.http.post(`/api/v1/lessons/series/${series}/cancel`), own).send({
        reason: 'Clara is on tour',
        from: local('2027-03-23T00:00'),
      });
      expect(res.status).toBe(200);
      expect(res.body.cancelled.map((l: { startsAt: string }) => l.startsAt)).toEqual([
        utc('2027-03-23T17:00'),
        utc('2027-03-30T17:00'),
      ]);
      expect(res.body.cancelled.every((l: { makeupCredit: boolean }) => l.makeupCredit)).toBe(true);
      expect(res.body.remaining).toBe(2);
      const [notice] = await emails(dana.parentEmail, 'lessons-cancelled');
      expect(datesIn(notice.text)).toEqual([
        'Tuesday, March 23, 2027 at 5:00 PM ADT (make-up credit)',
        'Tuesday, March 30, 2027 at 5:00 PM ADT (make-up credit)',
      ]);
    });

    it('answers 400 for a malformed date or a missing reason, 404 for an unknown series', async () => {
      expect(
        (
          await as(t.http.post(`/api/v1/lessons/series/${seriesId}/cancel`)).send({
            reason: 'x',
            from: '2027-02-31T10:00:00Z',
          })
        ).status,
      ).toBe(400);
      expect((await as(t.http.post(`/api/v1/lessons/series/${seriesId}/cancel`)).send({})).status).toBe(400);
      const unknown = await as(t.http.post(`/api/v1/lessons/series/${newId()}/cancel`)).send({ reason: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/no series/);
    });
  });

  describe('the office edits a teacher', () => {
    let nadia: { id: string; email: string };

    beforeAll(async () => {
      nadia = await teacher('Nadia', ['piano'], { maxStudents: 10 });
      for (const name of ['Olga', 'Pia', 'Quinn']) await student(nadia.id, name);
    });

    it('changes rate, student limit, instruments and bio; the admin view and the public list show it', async () => {
      const res = await as(t.http.patch(`/api/v1/teachers/${nadia.id}`)).send({
        hourlyRate: 92.5,
        maxStudents: 3,
        instruments: ['piano', 'voice'],
        bio: 'Trained in Vienna.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: nadia.id,
        hourlyRate: 92.5,
        maxStudents: 3,
        currentStudents: 3,
        instruments: ['piano', 'voice'],
        bio: 'Trained in Vienna.',
      });
      const listed = (await t.http.get('/api/v1/public/teachers').query({ instrument: 'voice' })).body.items as {
        id: string;
        bio: string;
      }[];
      expect(listed).toContainEqual(expect.objectContaining({ id: nadia.id, bio: 'Trained in Vienna.' }));
      const cleared = await as(t.http.patch(`/api/v1/teachers/${nadia.id}`)).send({ bio: null });
      expect(cleared.body.bio).toBeNull();
    });

    it('refuses a student limit below the students the teacher has: 409 with the count', async () => {
      const res = await as(t.http.patch(`/api/v1/teachers/${nadia.id}`)).send({ maxStudents: 2 });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'MAX_STUDENTS_BELOW_CURRENT', currentStudents: 3 });
      expect(res.body.message).toMatch(/has 3 students/);
    });

    it("refuses to drop the instrument the teacher's students learn (409), and values out of range (400)", async () => {
      const dropped = await as(t.http.patch(`/api/v1/teachers/${nadia.id}`)).send({ instruments: ['voice'] });
      expect(dropped.status).toBe(409);
      expect(dropped.body).toMatchObject({ code: 'INSTRUMENT_IN_USE', instrumentsInUse: ['piano'] });
      for (const body of [
        { hourlyRate: 250 },
        { maxStudents: 0 },
        { instruments: ['banjo'] },
        { instruments: [] },
        { bio: 42 },
      ]) {
        const res = await as(t.http.patch(`/api/v1/teachers/${nadia.id}`)).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect((await as(t.http.patch(`/api/v1/teachers/${newId()}`)).send({ hourlyRate: 50 })).status).toBe(404);
      expect((await as(t.http.get(`/api/v1/teachers/${nadia.id}`))).body).toMatchObject({
        hourlyRate: 92.5,
        maxStudents: 3,
        instruments: ['piano', 'voice'],
      });
    });
  });

  describe('new hours that leave booked lessons outside them', () => {
    const afternoons = { monday: [{ start: '15:00', end: '17:30' }], tuesday: [{ start: '15:00', end: '17:30' }] };
    let rosa: { id: string; email: string };
    let sam: Awaited<ReturnType<typeof student>>;
    let evening: string[];
    let afternoon: string;

    beforeAll(async () => {
      await moveClock(utc('2027-03-01T08:00'));
      rosa = await teacher('Rosa', ['piano']);
      sam = await student(rosa.id, 'Sam');
      const series = await as(t.http.post('/api/v1/lessons')).send({
        studentId: sam.id,
        startsAt: local('2027-03-09T18:00'),
        recurrence: { pattern: 'weekly', occurrences: 3 },
      });
      expect(series.status).toBe(201);
      evening = series.body.lessons.map((l: { id: string }) => l.id);
      afternoon = (
        await as(t.http.post('/api/v1/lessons')).send({ studentId: sam.id, startsAt: local('2027-03-08T16:00') })
      ).body.lessons[0].id;
    });

    it('answers 409 listing the stranded lessons (id, start, student) and changes nothing', async () => {
      const res = await as(t.http.put(`/api/v1/teachers/${rosa.id}/availability`)).send({ availability: afternoons });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LESSONS_OUTSIDE_NEW_AVAILABILITY');
      expect(res.body.strandedLessons).toEqual(
        [utc('2027-03-09T18:00'), utc('2027-03-16T18:00'), utc('2027-03-23T18:00')].map((startsAt, i) =>
          expect.objectContaining({ lessonId: evening[i], startsAt, studentId: sam.id }),
        ),
      );
      expect((await as(t.http.get(`/api/v1/teachers/${rosa.id}`))).body.availability).toEqual(availability);
    });

    it('"cancel": cancels them with makeup credits, the family and the teacher told once; the lesson inside the hours stays', async () => {
      const res = await as(t.http.put(`/api/v1/teachers/${rosa.id}/availability`)).send({
        availability: afternoons,
        strandedLessons: 'cancel',
      });
      expect(res.status).toBe(200);
      expect(res.body.availability).toEqual(afternoons);
      await settle();
      const statuses = Object.fromEntries(
        (
          (await as(t.http.get('/api/v1/lessons').query({ studentId: sam.id }))).body.items as {
            id: string;
            status: string;
          }[]
        ).map((l) => [l.id, l.status]),
      );
      expect(statuses).toEqual({
        [afternoon]: 'scheduled',
        [evening[0]]: 'cancelled',
        [evening[1]]: 'cancelled',
        [evening[2]]: 'cancelled',
      });
      expect((await as(t.http.get(`/api/v1/students/${sam.id}`))).body.makeupCredits).toBe(3);
      const [family, ...moreFamily] = await emails(sam.parentEmail, 'lessons-cancelled');
      expect(moreFamily).toEqual([]);
      expect(datesIn(family.text)).toEqual([
        'Tuesday, March 9, 2027 at 6:00 PM AST (make-up credit)',
        'Tuesday, March 16, 2027 at 6:00 PM ADT (make-up credit)',
        'Tuesday, March 23, 2027 at 6:00 PM ADT (make-up credit)',
      ]);
      expect(family.text).toContain('Reason: outside the new teaching hours');
      const [toTeacher, ...moreToTeacher] = await emails(rosa.email, 'teacher-lessons-cancelled');
      expect(moreToTeacher).toEqual([]);
      expect(datesIn(toTeacher.text)).toHaveLength(3);
    });

    it('"keep": the lessons stay as one-offs outside the hours', async () => {
      const later = await as(t.http.post('/api/v1/lessons')).send({
        studentId: sam.id,
        startsAt: local('2027-03-15T17:00'),
      });
      expect(later.status).toBe(201);
      const kept = later.body.lessons[0].id;
      const res = await as(t.http.put(`/api/v1/teachers/${rosa.id}/availability`)).send({
        availability: { monday: [{ start: '15:00', end: '16:45' }] },
        strandedLessons: 'keep',
      });
      expect(res.status).toBe(200);
      await settle();
      expect((await as(t.http.get(`/api/v1/lessons/${kept}`))).body.status).toBe('scheduled');
      expect(await emails(sam.parentEmail, 'lesson-cancelled')).toEqual([]);
      expect(
        (
          await as(t.http.put(`/api/v1/teachers/${rosa.id}/availability`)).send({
            availability: afternoons,
            strandedLessons: 'drop',
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('a teacher leaves', () => {
    let emil: { id: string; email: string };
    let fritz: { id: string; email: string };
    let vera: Awaited<ReturnType<typeof student>>;
    let walt: Awaited<ReturnType<typeof student>>;
    let veraLesson: string;

    beforeAll(async () => {
      await moveClock(utc('2027-03-01T08:00'));
      emil = await teacher('Emil', ['violin']);
      fritz = await teacher('Fritz', ['violin'], { maxStudents: 1 });
      vera = await student(emil.id, 'Vera', 'violin');
      walt = await student(emil.id, 'Walt', 'violin');
      veraLesson = (
        await as(t.http.post('/api/v1/lessons')).send({ studentId: vera.id, startsAt: local('2027-03-22T16:00') })
      ).body.lessons[0].id;
    });

    it('deactivation answers with the lessons still to come and where each student went; each family is told once', async () => {
      const res = await as(t.http.post(`/api/v1/teachers/${emil.id}/deactivate`)).send({ reason: 'moving to Toronto' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        teacherId: emil.id,
        active: false,
        futureLessons: [
          {
            lessonId: veraLesson,
            startsAt: utc('2027-03-22T16:00'),
            endsAt: utc('2027-03-22T16:30'),
            studentId: vera.id,
            studentName: 'Vera Student',
            seriesId: null,
          },
        ],
        students: [
          { studentId: vera.id, studentName: 'Vera Student', teacherId: fritz.id },
          { studentId: walt.id, studentName: 'Walt Student', teacherId: null },
        ],
      });
      expect((await as(t.http.get(`/api/v1/teachers/${emil.id}/handover`))).body).toEqual(res.body);
      // the lesson is left for the office to decide on
      expect((await as(t.http.get(`/api/v1/lessons/${veraLesson}`))).body.status).toBe('scheduled');

      const [toVera, ...moreToVera] = await emails(vera.parentEmail, 'teacher-leaving');
      expect(moreToVera).toEqual([]);
      expect(toVera.subject).toBe("Vera Student's violin teacher Emil Teacher is leaving");
      expect(toVera.text).toContain("Vera Student's new violin teacher is Fritz Teacher.");
      expect(datesIn(toVera.text)).toEqual(['Monday, March 22, 2027 at 4:00 PM ADT']);
      const [toWalt, ...moreToWalt] = await emails(walt.parentEmail, 'teacher-leaving');
      expect(moreToWalt).toEqual([]);
      expect(toWalt.text).toContain('Walt Student is on our waiting list for the next violin teacher with room');
      expect((await as(t.http.get(`/api/v1/students/${walt.id}`))).body.teacherId).toBeNull();
    });

    it('the teacher is no longer listed publicly, matched or bookable', async () => {
      const listed = (await t.http.get('/api/v1/public/teachers').query({ instrument: 'violin' })).body.items as {
        id: string;
      }[];
      expect(listed.map((x) => x.id)).toEqual([fritz.id]);
      const booking = await as(t.http.post('/api/v1/lessons')).send({
        studentId: walt.id,
        teacherId: emil.id,
        startsAt: local('2027-03-23T16:00'),
        lessonType: 'demo',
      });
      expect(booking.status).toBe(422);
      expect(booking.body.code).toBe('TEACHER_INACTIVE');
      const enrollment = await t.http.post('/api/v1/enrollments').send(enrollmentApplication({ instrument: 'violin' }));
      expect(enrollment.status).toBeLessThan(300);
      await settle();
      const seen = (await as(t.http.get(`/api/v1/enrollments/${enrollment.body.enrollmentId}`))).body;
      expect(seen.status).toBe('waitlisted');
    });

    it('repeating the deactivation, or redelivering its event, changes nothing and emails nobody again', async () => {
      const again = await as(t.http.post(`/api/v1/teachers/${emil.id}/deactivate`)).send({});
      expect(again.status).toBe(200);
      const store = t.app.get<EventStore>(EVENT_STORE);
      const saga = t.app.get(TeacherDepartureWorkflow);
      for (const e of await store.readAll({ types: saga.eventTypes, limit: 10_000 })) await saga.handle(e);
      expect(await emails(vera.parentEmail, 'teacher-leaving')).toHaveLength(1);
      expect(await emails(walt.parentEmail, 'teacher-leaving')).toHaveLength(1);
      expect((await as(t.http.get(`/api/v1/students/${vera.id}`))).body.teacherId).toBe(fritz.id);
    });

    it('a student left waiting gets a teacher as soon as one has room, before new enrollments (the recheck, run by the raise)', async () => {
      expect((await as(t.http.patch(`/api/v1/teachers/${fritz.id}`)).send({ maxStudents: 2 })).status).toBe(200);
      await settle();
      // The raise ran the recheck's pass: the seat went to Walt, the waitlisted enrollment waits on.
      expect((await as(t.http.get(`/api/v1/students/${walt.id}`))).body.teacherId).toBe(fritz.id);
      const run = await as(t.http.post('/api/v1/admin/jobs/waitlist-recheck/run'));
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({
        outcome: 'succeeded',
        summary: { reassigned: 0, awaitingTeacher: 0, resumed: 0, waiting: 1 },
      });
      expect((await as(t.http.get(`/api/v1/teachers/${emil.id}/handover`))).body.students).toEqual([
        { studentId: vera.id, studentName: 'Vera Student', teacherId: fritz.id },
        { studentId: walt.id, studentName: 'Walt Student', teacherId: fritz.id },
      ]);
      expect(await emails(walt.parentEmail, 'teacher-leaving')).toHaveLength(1);
    });

    it('reactivation lists the teacher again, with no students', async () => {
      const res = await as(t.http.post(`/api/v1/teachers/${emil.id}/reactivate`));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: true, currentStudents: 0 });
      const listed = (await t.http.get('/api/v1/public/teachers').query({ instrument: 'violin' })).body.items as {
        id: string;
      }[];
      expect(listed.map((x) => x.id).sort()).toEqual([emil.id, fritz.id].sort());
      // The violinist on the waitlist takes the returning teacher's room (the recheck, run by the return).
      let students = 0;
      for (const deadline = Date.now() + 10_000; students === 0 && Date.now() < deadline;) {
        await settle();
        students = (await as(t.http.get(`/api/v1/teachers/${emil.id}`))).body.currentStudents;
      }
      expect(students).toBe(1);
    });
  });
});
