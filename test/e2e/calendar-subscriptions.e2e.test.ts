import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { Sessions } from '../../src/identity/sessions/sessions.service';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { localTime, PARSERS, withIcalJs } from '../support/ical-parsers';
import { startTestApp, TestApp } from '../support/test-app';

const ZONE = 'America/Halifax';
const local = (wall: string) => DateTime.fromISO(wall, { zone: ZONE }).toISO()!;
const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

describe('calendar subscriptions: URLs that calendar apps poll', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday, before the November DST change
  let t: TestApp;
  let admin: string;
  let teacherId: string;
  let teacherToken: string;
  const families: Record<'A' | 'B', { parentId: string; studentId: string; email: string; token: string }> =
    {} as never;
  let series: string[];
  let cancelled: string;
  let moved: string;
  let otherFamilyLesson: string;

  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  const settle = () => t.app.get(SubscriptionsService).waitForAll(15_000);
  const subscribe = (token: string, body: object = {}) =>
    as(t.http.post('/api/v1/calendar-subscriptions'), token).send(body);
  /** The path of a calendar URL, fetched as a calendar app does: no Authorization header. */
  const poll = (url: string) => t.http.get(new URL(url).pathname);
  const lessonsOf = async (studentId: string) =>
    (await as(t.http.get(`/api/v1/lessons?studentId=${studentId}&limit=200`))).body.items as {
      id: string;
      startsAt: string;
      endsAt: string;
      status: string;
    }[];

  async function family(name: string): Promise<{ parentId: string; studentId: string; email: string; token: string }> {
    const app = enrollmentApplication({
      studentFirstName: name,
      studentLastName: 'Quillfeather',
      preferredLessonDay: 'tuesday',
    });
    const res = await t.http.post('/api/v1/enrollments').send(app);
    expect(res.status).toBe(202);
    await settle();
    const e = (await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`))).body;
    expect(e).toMatchObject({ status: 'completed', teacherId });
    return { parentId: e.parentId, studentId: e.studentId, email: app.parentEmail as string, token: '' };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PUBLIC_URL: 'https://academy.example' } });
    admin = await t.login();
    const teacher = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Glenn',
      lastName: 'Teacher',
      email: `glenn-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 5,
      availability,
    });
    expect(teacher.status).toBe(201);
    teacherId = teacher.body.id;
    await settle();
    const [user] = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE teacher_id = ?', [teacherId]);
    families.A = await family('Alex');
    families.B = await family('Blake');
    // Mondays at 17:00 in Halifax, from October (ADT, UTC-3) into November (AST, UTC-4).
    const booked = await as(t.http.post('/api/v1/lessons')).send({
      studentId: families.A.studentId,
      startsAt: local('2026-10-26T17:00'),
      recurrence: { pattern: 'weekly', occurrences: 4 },
      notes: 'bring the blue book',
    });
    expect(booked.status).toBe(201);
    series = booked.body.lessons.map((l: { id: string }) => l.id);
    const monday = await as(t.http.post('/api/v1/lessons')).send({
      studentId: families.A.studentId,
      startsAt: local('2026-10-26T15:00'),
    });
    expect(monday.status).toBe(201);
    cancelled = monday.body.lessons[0].id;
    const other = await as(t.http.post('/api/v1/lessons')).send({
      studentId: families.B.studentId,
      startsAt: local('2026-10-26T16:00'),
      notes: 'the other family',
    });
    expect(other.status).toBe(201);
    otherFamilyLesson = other.body.lessons[0].id;
    clock.set(new Date('2026-10-21T13:00:00Z'));
    admin = await t.login();
    expect((await as(t.http.post(`/api/v1/lessons/${cancelled}/cancel`)).send({ reason: 'Alex is ill' })).status).toBe(
      200,
    );
    moved = series[3];
    expect(
      (await as(t.http.post(`/api/v1/lessons/${moved}/reschedule`)).send({ startsAt: local('2026-11-23T17:00') }))
        .status,
    ).toBe(200);
    await settle();
    // signed in as the teacher and the parents would be (access tokens expire by the app's clock)
    const sessions = t.app.get(Sessions);
    teacherToken = (await sessions.start({ id: user.id, email: user.email, role: 'teacher' })).accessToken;
    for (const f of [families.A, families.B])
      f.token = (await sessions.start({ id: f.parentId, email: f.email, role: 'parent' })).accessToken;
  }, 120_000);
  afterAll(() => t.close());

  it('gives a parent a URL that answers without a bearer token', async () => {
    const res = await subscribe(families.A.token);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/academy\.example\/api\/v1\/calendars\/cal_[\w-]{43}\.ics$/);
    expect(res.body.webcalUrl).toBe(res.body.url.replace('https:', 'webcal:'));
    const feed = await poll(res.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR/);
    // a stale or foreign bearer token sent along changes nothing
    expect((await poll(res.body.url).set('Authorization', 'Bearer not-a-token')).status).toBe(200);
  });

  it.each(PARSERS)(
    '%s reads every lesson at its instant, and the weekly series at 17:00 local across the DST change',
    async (_name, parse) => {
      const feed = await poll((await subscribe(families.A.token)).body.url);
      const events = new Map(parse(feed.text).map((e) => [e.uid, e]));
      const lessons = await lessonsOf(families.A.studentId);
      expect(lessons.length).toBeGreaterThanOrEqual(6); // demo, series of 4, the cancelled one
      for (const l of lessons) {
        const e = events.get(`${l.id}@cedarheights`);
        expect({ id: l.id, start: e?.start, end: e?.end }).toEqual({
          id: l.id,
          start: l.startsAt.replace('.000Z', 'Z'),
          end: l.endsAt.replace('.000Z', 'Z'),
        });
      }
      expect(events.size).toBe(lessons.length);
      const at = (id: string) => events.get(`${id}@cedarheights`)!.start;
      expect(series.map(at)).toEqual([
        '2026-10-26T20:00:00Z',
        '2026-11-02T21:00:00Z',
        '2026-11-09T21:00:00Z',
        '2026-11-23T21:00:00Z',
      ]);
      expect(series.map((id) => localTime(at(id), ZONE))).toEqual(['Mon 17:00', 'Mon 17:00', 'Mon 17:00', 'Mon 17:00']);
    },
  );

  it('writes times in UTC, names the calendar and asks apps to refresh hourly', async () => {
    const { text } = await poll((await subscribe(families.A.token)).body.url);
    expect(text).toContain('DTSTART:20261026T200000Z');
    expect(text).toContain('DTSTART:20261102T210000Z');
    expect(text).not.toContain('TZID');
    expect(text).toContain('X-WR-CALNAME:Cedar Heights lessons');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(text).toContain('X-PUBLISHED-TTL:PT1H');
  });

  it.each(PARSERS)(
    '%s sees a cancelled lesson as cancelled and a moved one as a newer version',
    async (_name, parse) => {
      const events = new Map(
        parse((await poll((await subscribe(families.A.token)).body.url)).text).map((e) => [e.uid, e]),
      );
      expect(events.get(`${cancelled}@cedarheights`)).toMatchObject({
        status: 'CANCELLED',
        summary: 'Cancelled: Lesson: Alex (piano)',
      });
      expect(events.get(`${series[0]}@cedarheights`)).toMatchObject({
        status: 'CONFIRMED',
        sequence: 0,
        summary: 'Lesson: Alex (piano)',
      });
      const m = events.get(`${moved}@cedarheights`)!;
      expect(m.sequence).toBeGreaterThan(0);
      expect(m.lastModified).toBe('2026-10-21T13:00:00Z');
    },
  );

  it("lists only the family's own children's lessons, by first name and instrument, without notes", async () => {
    const { text } = await poll((await subscribe(families.A.token)).body.url);
    const uids = withIcalJs(text).map((e) => e.uid);
    expect(uids).not.toContain(`${otherFamilyLesson}@cedarheights`);
    expect(text).not.toMatch(/Blake|Quillfeather|blue book|other family|Alex is ill/);
    const b = withIcalJs((await poll((await subscribe(families.B.token)).body.url)).text);
    expect(b.map((e) => e.uid)).toContain(`${otherFamilyLesson}@cedarheights`);
    expect(b.map((e) => e.uid)).not.toContain(`${series[0]}@cedarheights`);
  });

  it('gives a teacher a URL with the lessons of every family they teach', async () => {
    const res = await subscribe(teacherToken);
    expect(res.status).toBe(201);
    const feed = await poll(res.body.url);
    const uids = withIcalJs(feed.text).map((e) => e.uid);
    expect(uids).toEqual(expect.arrayContaining([`${series[0]}@cedarheights`, `${otherFamilyLesson}@cedarheights`]));
    expect(feed.text).toContain('X-WR-CALNAME:Cedar Heights lessons — Glenn');
  });

  it('retires the old URL at once when a new one is asked for, and on revocation', async () => {
    const first = (await subscribe(families.A.token)).body.url;
    expect((await poll(first)).status).toBe(200);
    const second = (await subscribe(families.A.token)).body.url;
    expect(second).not.toBe(first);
    expect((await poll(first)).status).toBe(404);
    expect((await poll(second)).status).toBe(200);
    expect((await as(t.http.delete('/api/v1/calendar-subscriptions'), families.A.token)).status).toBe(204);
    expect((await poll(second)).status).toBe(404);
    expect((await as(t.http.delete('/api/v1/calendar-subscriptions'), families.A.token)).status).toBe(204); // again: nothing to revoke
  });

  it('answers 404 for a missing, made-up or malformed token', async () => {
    for (const path of [
      '/api/v1/calendars/.ics',
      `/api/v1/calendars/cal_${'A'.repeat(43)}.ics`,
      '/api/v1/calendars/not-a-token',
      '/api/v1/calendars/cal_short.ics',
    ]) {
      const res = await t.http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('lets a parent or teacher have only their own URL; an admin names whose', async () => {
    expect((await subscribe(families.A.token, { parentId: families.B.parentId })).status).toBe(404);
    expect((await subscribe(families.A.token, { teacherId })).status).toBe(404);
    expect((await subscribe(teacherToken, { parentId: families.A.parentId })).status).toBe(404);
    expect((await subscribe(admin)).status).toBe(400);
    expect((await subscribe(admin, { teacherId, parentId: families.A.parentId })).status).toBe(400);
    expect((await subscribe(admin, { parentId: 'not-a-uuid' })).status).toBe(400);
    expect((await subscribe(admin, { parentId: newId() })).status).toBe(404);
    const forFamily = await subscribe(admin, { parentId: families.A.parentId });
    expect(forFamily.status).toBe(201);
    expect(withIcalJs((await poll(forFamily.body.url)).text).map((e) => e.uid)).toContain(`${series[0]}@cedarheights`);
  });

  it("stops a forgotten family's URL, and gives it no new one", async () => {
    const url = (await subscribe(families.B.token)).body.url;
    expect((await poll(url)).status).toBe(200);
    expect((await as(t.http.post(`/api/v1/admin/families/${families.B.parentId}/forget`))).status).toBe(200);
    expect((await poll(url)).status).toBe(404);
    // The family's sign-ins ended with it: its access token, still unexpired, is refused.
    expect((await subscribe(families.B.token)).status).toBe(401);
    expect((await subscribe(admin, { parentId: families.B.parentId })).status).toBe(404);
  });
});
