import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { EnrollStudent } from '../../src/students/student.handlers';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import { ACCESS_MATRIX, AccessRow, Expect, Family, Who, WHO } from './access-matrix.table';

/**
 * The access matrix (access-matrix.table.ts) run against the whole app: two families enrolled
 * through the real workflow, their teachers, an auditor; every row as every role on both
 * families' resources. A route of the app without a row fails the first test.
 */

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

/** '/api/v1/students/:id' and '/api/v1/students/{id}' name one route. */
const normalise = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '') || '/'}`;

export function expectedStatus(row: AccessRow, who: Who, family: 'A' | 'B'): number {
  const base = who === 'otherTeacher' ? 'teacher' : who === 'otherParent' ? 'parent' : who;
  const e: Expect = row.expect[base];
  if (typeof e === 'number') return e;
  const ownFamily = who === 'otherTeacher' || who === 'otherParent' ? 'B' : 'A';
  return family === ownFamily ? e[0] : e[1];
}

describe('access matrix: every route × every role × own and other family', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday
  let t: TestApp;
  const tokens: Partial<Record<Who, string>> = {};
  const families: Record<'A' | 'B', Family> = { A: {}, B: {} };

  const outbox = (to: string, template: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ id: string; text_body: string }[]>(
        'SELECT id, text_body FROM email_outbox WHERE recipient = ? AND template = ? ORDER BY created_at',
        [to, template],
      );

  /** Follows the set-password link of the newest email of this template, then signs in. */
  async function passwordFromEmail(email: string, template: string): Promise<string> {
    const [mail] = (await outbox(email, template)).slice(-1);
    const token = /set-password\?token=([\w-]+)/.exec(mail.text_body)![1];
    expect(
      (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-long-enough-password' })).status,
    ).toBe(200);
    return t.login(email, 'a-long-enough-password');
  }

  const asAdmin = <T extends { set(k: string, v: string): T }>(req: T) =>
    req.set('Authorization', `Bearer ${tokens.admin}`);

  async function teacher(f: Family, name: string, instrument: string): Promise<void> {
    f.teacherEmail = `${name.toLowerCase()}@example.com`;
    const res = await asAdmin(t.http.post('/api/v1/teachers')).send({
      firstName: name,
      lastName: 'Teacher',
      email: f.teacherEmail,
      instruments: [instrument],
      hourlyRate: 80,
      maxStudents: 5,
      availability,
    });
    expect(res.status).toBe(201);
    f.teacher = res.body.id;
    f.availability = JSON.stringify(availability);
  }

  async function family(f: Family, parentEmail: string, instrument: string, child: string): Promise<void> {
    f.parentEmail = parentEmail;
    const res = await t.http.post('/api/v1/enrollments').send({
      studentFirstName: child,
      studentLastName: 'Family',
      studentDateOfBirth: '2015-03-01',
      parentFirstName: 'Pat',
      parentLastName: 'Family',
      parentEmail,
      parentPhone: '9025550100',
      instrument,
      preferredLessonDay: 'monday',
      paymentToken: 'pm_card_visa',
      agreedToTerms: true,
    });
    expect(res.status).toBe(202);
    f.enrollment = res.body.enrollmentId;
    await t.app.get(SubscriptionsService).waitForAll(30_000);
    const e = (await asAdmin(t.http.get(`/api/v1/enrollments/${f.enrollment}`))).body;
    expect(e).toMatchObject({ status: 'completed', teacherId: f.teacher });
    f.student = e.studentId;
    f.parent = e.parentId;
    f.lesson = e.demoLesson.lessonId;
    // a lesson already cancelled: the cancel probe reaches the rules (409) without changing anything
    const booked = await asAdmin(t.http.post('/api/v1/lessons')).send({
      studentId: f.student,
      startsAt: '2026-10-27T16:00:00-03:00',
    });
    expect(booked.status).toBe(201);
    f.cancelledLesson = booked.body.lessons[0].id;
    expect(
      (await asAdmin(t.http.post(`/api/v1/lessons/${f.cancelledLesson}/cancel`)).send({ reason: 'set-up' })).status,
    ).toBe(200);
    // a series already cancelled: cancelling it again reaches the rules and changes nothing
    const series = await asAdmin(t.http.post('/api/v1/lessons')).send({
      studentId: f.student,
      startsAt: '2026-11-03T16:00:00-04:00',
      recurrence: { pattern: 'weekly', occurrences: 2 },
    });
    expect(series.status).toBe(201);
    f.cancelledSeries = series.body.lessons[0].seriesId;
    expect(
      (await asAdmin(t.http.post(`/api/v1/lessons/series/${f.cancelledSeries}/cancel`)).send({ reason: 'set-up' }))
        .status,
    ).toBe(200);
    // a withdrawn second child: the withdrawal probe changes nothing
    f.withdrawnStudent = newId();
    const contexts = t.app.get(CommandContextFactory);
    await t.app.get(CommandBus).execute(
      new EnrollStudent(
        {
          studentId: f.withdrawnStudent,
          parentId: f.parent,
          enrollmentId: null,
          firstName: 'Former',
          lastName: 'Family',
          dateOfBirth: '2014-01-01',
          instrument: instrument as 'piano',
          skillLevel: 'beginner',
          lessonRateCents: 45_00,
          lessonDurationMinutes: 30,
          preferredLessonDay: null,
          preferredLessonTime: null,
        },
        contexts.create(),
      ),
    );
    await t.app.get(SubscriptionsService).waitForAll(30_000);
    expect((await asAdmin(t.http.delete(`/api/v1/students/${f.withdrawnStudent}`))).status).toBe(204);
    const paid = await asAdmin(t.http.post('/api/v1/payments/process')).send({
      studentId: f.student,
      amount: 45,
      description: 'October lessons',
    });
    expect(paid.status).toBe(202);
    f.payment = paid.body.paymentId;
    await t.app.get(SubscriptionsService).waitForAll(30_000);
    const [welcome] = await outbox(parentEmail, 'parent-welcome');
    f.welcomeEmail = welcome.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { STRIPE_WEBHOOK_SECRET: 'whsec_access_matrix' } });
    tokens.admin = await t.login();
    await teacher(families.A, 'Ada', 'piano');
    await teacher(families.B, 'Bea', 'violin');
    await family(families.A, 'parent.a@example.com', 'piano', 'Alex');
    await family(families.B, 'parent.b@example.com', 'violin', 'Blake');
    await t.app.get(SubscriptionsService).waitForAll(30_000);
    tokens.teacher = await passwordFromEmail(families.A.teacherEmail, 'teacher-welcome');
    tokens.otherTeacher = await passwordFromEmail(families.B.teacherEmail, 'teacher-welcome');
    tokens.parent = await passwordFromEmail(families.A.parentEmail, 'parent-welcome');
    tokens.otherParent = await passwordFromEmail(families.B.parentEmail, 'parent-welcome');
    const auditor = await asAdmin(t.http.post('/api/v1/users')).send({
      email: 'auditor@example.com',
      password: 'an-auditor-password',
      role: 'auditor',
    });
    expect(auditor.status).toBe(201);
    tokens.auditor = await t.login('auditor@example.com', 'an-auditor-password');
    for (const [f, who] of [
      [families.A, 'parent'],
      [families.B, 'otherParent'],
    ] as const) {
      const calendar = await t.http
        .post('/api/v1/calendar-subscriptions')
        .set('Authorization', `Bearer ${tokens[who]}`)
        .send({});
      expect(calendar.status).toBe(201);
      f.calendarToken = /\/calendars\/([\w-]+)\.ics$/.exec(calendar.body.url)![1];
    }
  }, 300_000);
  afterAll(() => t.close());

  it('documents Idempotency-Key once per route that reads it, as optional (the routes work without it)', async () => {
    const doc = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
    };
    const keys = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
          .map((p) => ({ route: `${method} ${path}`, ...p })),
      ),
    );
    expect(keys.map((k) => k.route)).toEqual(
      expect.arrayContaining(['post /api/v1/payments/process', 'post /api/v1/teachers', 'post /api/v1/enrollments']),
    );
    expect(new Set(keys.map((k) => k.route)).size).toBe(keys.length);
    expect(keys.filter((k) => k.required !== false || k.name !== 'Idempotency-Key')).toEqual([]);
  });

  it('has a row for every route the app serves, and no row for a route it does not', async () => {
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const served = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops))
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) served.add(normalise(method, path));
    }
    // Routes Express has that the OpenAPI document might not show (excluded from it): the router itself.
    const router = (
      t.app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      }
    ).router;
    for (const layer of router.stack) {
      // skipped: Swagger's own pages, and middleware mounted on every path ('/{*path}')
      if (!layer.route || layer.route.path.startsWith('/docs') || layer.route.path.includes('*')) continue;
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') served.add(normalise(method, layer.route.path));
    }
    const table = ACCESS_MATRIX.map((r) => r.route);
    expect(table.filter((r, i) => table.indexOf(r) !== i)).toEqual([]); // one row per route
    expect([...served].filter((r) => !table.includes(r)).sort()).toEqual([]); // a route without a row
    expect(table.filter((r) => !served.has(r)).sort()).toEqual([]); // a row without a route
  });

  async function probe(row: AccessRow, who: Who, family: 'A' | 'B'): Promise<{ status: number; body: unknown }> {
    const f = families[family];
    const [method, template] = row.route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const p = row.probe?.params?.[name];
      if (p === undefined) throw new Error(`${row.route}: no fixture for {${name}}`);
      const value = typeof p === 'function' ? p(f) : f[p];
      if (!value) throw new Error(`${row.route}: family ${family} has no ${String(p)}`);
      return encodeURIComponent(value);
    });
    let req = t.http[method.toLowerCase() as 'get'](path);
    if (who !== 'anonymous') req = req.set('Authorization', `Bearer ${tokens[who]}`);
    if (row.probe?.query) req = req.query(row.probe.query(f));
    const res = row.probe?.body ? await req.send(row.probe.body(f) as object) : await req;
    return { status: res.status, body: res.body };
  }

  /** The other family's fixtures that must never show in a list of this kind (its main one and its relatives). */
  const RELATED: Record<string, string[]> = {
    lesson: ['lesson', 'cancelledLesson'],
    student: ['student', 'withdrawnStudent'],
  };
  const otherOf = (fam: 'A' | 'B'): 'A' | 'B' => (fam === 'A' ? 'B' : 'A');

  function listItems(row: AccessRow, body: unknown): Set<unknown> | null {
    const list = row.probe!.list!;
    const items = (Array.isArray(body) ? body : (body as { items?: unknown[] }).items) as
      Record<string, unknown>[] | undefined;
    return Array.isArray(items) ? new Set(items.map((i) => i[list.field ?? 'id'])) : null;
  }

  /** Which of family `fam`'s fixtures of the list's kind (and relatives) show. */
  const shown = (row: AccessRow, seen: Set<unknown>, fam: 'A' | 'B') =>
    (RELATED[row.probe!.list!.kind] ?? [row.probe!.list!.kind]).filter(
      (k) => families[fam][k] && seen.has(families[fam][k]),
    );

  function listProblem(row: AccessRow, who: Who, family: 'A' | 'B', body: unknown): string | null {
    const list = row.probe?.list;
    if (!list) return null;
    const seen = listItems(row, body);
    if (!seen) return 'the answer is not a list';
    const has = (fam: 'A' | 'B') => seen.has(families[fam][list.kind]);
    if (row.probe?.params) {
      // One family's resource: its own items show, the other family's never do.
      if (!has(family)) return `family ${family}'s ${list.kind} is missing`;
      const leaked = shown(row, seen, otherOf(family));
      return leaked.length ? `family ${otherOf(family)}'s ${leaked.join(', ')} must not show` : null;
    }
    const base = who === 'otherTeacher' ? 'teacher' : who === 'otherParent' ? 'parent' : who;
    const sees = base === 'teacher' || base === 'parent' ? (list.sees?.[base] ?? 'all') : 'all';
    const own = who === 'otherTeacher' || who === 'otherParent' ? 'B' : 'A';
    const other = otherOf(own);
    const want = { [own]: sees !== 'none', [other]: sees === 'all' } as Record<'A' | 'B', boolean>;
    for (const fam of ['A', 'B'] as const) {
      if (has(fam) !== want[fam]) return `family ${fam}'s ${list.kind} ${want[fam] ? 'is missing' : 'must not show'}`;
      const related = shown(row, seen, fam);
      if (!want[fam] && related.length) return `family ${fam}'s ${related.join(', ')} must not show`;
    }
    return null;
  }

  describe.each(ACCESS_MATRIX.map((r) => [r.route, r] as const))('%s', (_route, row) => {
    // Every route as seen from both families, those without parameters too (their answers must not depend on it).
    it(`answers each role as the table says (${WHO.length * 2} cases)`, async () => {
      const wrong: string[] = [];
      for (const who of WHO) {
        for (const family of ['A', 'B'] as const) {
          const expected = expectedStatus(row, who, family);
          const { status, body } = await probe(row, who, family);
          if (status !== expected)
            wrong.push(
              `${who} on family ${family}: ${status} (expected ${expected}) ${JSON.stringify(body).slice(0, 200)}`,
            );
          else if (status === 200 && listProblem(row, who, family, body))
            wrong.push(`${who} on family ${family}: ${listProblem(row, who, family, body)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  /** A list's filters naming a family: the fixture each takes. */
  const FILTERS: Record<string, string> = { parentId: 'parent', studentId: 'student', teacherId: 'teacher' };

  it("filters of a list that name the other family (parentId, studentId, teacherId) show none of its items; an admin's filter shows that family only", async () => {
    const doc = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const wrong: string[] = [];
    let probes = 0;
    for (const row of ACCESS_MATRIX.filter((r) => r.probe?.list && !r.probe.params && r.route.startsWith('GET '))) {
      const path = row.route.slice(4);
      const filters = (doc.paths[path]?.get?.parameters ?? [])
        .filter((p) => p.in === 'query' && FILTERS[p.name])
        .map((p) => p.name);
      for (const filter of filters) {
        for (const who of WHO) {
          if (expectedStatus(row, who, 'A') !== 200) continue; // a role that may not list at all: the table's rows cover it
          const own = who === 'otherTeacher' || who === 'otherParent' ? 'B' : 'A';
          for (const named of ['A', 'B'] as const) {
            const value = families[named][FILTERS[filter]];
            const res = await t.http
              .get(path)
              .set('Authorization', `Bearer ${tokens[who]}`)
              .query({ ...row.probe!.query?.(families[named]), [filter]: value });
            probes++;
            const label = `${row.route}?${filter}= family ${named}'s, as ${who}`;
            const seen = res.status === 200 ? listItems(row, res.body) : null;
            if (who === 'admin' || who === 'auditor') {
              if (!seen) wrong.push(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
              else {
                // the filter works: the named family's item shows, the other's does not
                if (!seen.has(families[named][row.probe!.list!.kind]))
                  wrong.push(`${label}: family ${named}'s ${row.probe!.list!.kind} is missing`);
                if (shown(row, seen, otherOf(named)).length)
                  wrong.push(
                    `${label}: family ${otherOf(named)}'s ${shown(row, seen, otherOf(named)).join(', ')} shows`,
                  );
              }
            } else if (named !== own) {
              // another family named: refused, or an answer without any of that family's items
              if (res.status === 200 && !seen) wrong.push(`${label}: 200 without a list`);
              else if (res.status !== 200 && ![400, 403, 404].includes(res.status))
                wrong.push(`${label}: ${res.status}`);
              else if (seen && shown(row, seen, named).length)
                wrong.push(`${label}: family ${named}'s ${shown(row, seen, named).join(', ')} shows`);
            } else if (seen && shown(row, seen, otherOf(own)).length) {
              wrong.push(`${label}: family ${otherOf(own)}'s ${shown(row, seen, otherOf(own)).join(', ')} shows`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(probes).toBeGreaterThan(10);
  });
});
