import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { EntityManager } from '@mikro-orm/postgresql';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrollmentApplication } from '../support/fixtures';
import { Conformance, OpenApiDoc, operations } from '../support/openapi-conformance';
import { startTestApp, TestApp } from '../support/test-app';
import { ACCESS_MATRIX } from './access-matrix.table';

/**
 * The OpenAPI document at /docs-json is what a front end generates its client from: every route
 * names its answers with schemas, its errors with the one Problem body, and the answers the app
 * really gives match those schemas (no field missing, none left out).
 */
const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };
/** One tag per module (src/<module>; identity's routes are `auth`, notifications' `emails`). */
const TAGS = [
  'auth',
  'teachers',
  'students',
  'lessons',
  'enrollments',
  'payments',
  'emails',
  'audit',
  'jobs',
  'privacy',
  'workflows',
  'operations',
];

describe('the OpenAPI document', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z')); // a Wednesday
  let t: TestApp;
  let doc: OpenApiDoc;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    doc = (await t.http.get('/docs-json')).body;
    admin = await t.login();
  }, 120_000);
  afterAll(() => t?.close());

  const all = () => operations(doc);
  const secured = (op: { security?: unknown[] }) =>
    (op.security ?? []).some((s) => Object.keys(s as object).includes('bearer'));
  const problemRef = '#/components/schemas/Problem';
  const names = (list: { method: string; path: string }[]) => list.map((o) => `${o.method} ${o.path}`);
  const hasSchema = (s: Record<string, unknown> | undefined) =>
    !!s && ['$ref', 'type', 'oneOf', 'anyOf', 'allOf'].some((k) => k in s);

  it('gives every operation a success answer with a schema, an explicit 204, or a non-JSON content type', () => {
    const missing = all().filter(({ op }) => {
      const ok = Object.entries(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      return !ok.some(
        ([status, r]) =>
          (status === '204' && !r.content) ||
          Object.entries(r.content ?? {}).some(([type, m]) =>
            type === 'application/json' ? hasSchema(m.schema) : !!m.schema,
          ),
      );
    });
    expect(names(missing)).toEqual([]);
  });

  it('answers every error with the Problem schema (or one that adds details to it); 429 and 503 say Retry-After', () => {
    const problem = doc.components.schemas.Problem as { properties: Record<string, unknown>; required: string[] };
    const isProblem = (ref: unknown) => {
      if (ref === problemRef) return true;
      const schema =
        typeof ref === 'string' && /Problem$/.test(ref)
          ? (doc.components.schemas[ref.split('/').pop()!] as typeof problem)
          : undefined;
      return (
        !!schema &&
        problem.required.every((p) => schema.required?.includes(p)) &&
        Object.keys(problem.properties).every((p) => p in schema.properties)
      );
    };
    const wrong: string[] = [];
    for (const { method, path, op } of all()) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        // readiness answers 503 with the same body as 200, saying which part is down
        if (`${method} ${path} ${status}` === 'get /health 503') continue;
        if (!isProblem(r.content?.['application/json']?.schema?.$ref))
          wrong.push(`${method} ${path} ${status}: no Problem schema`);
        if ((status === '429' || status === '503') && !r.headers?.['Retry-After'])
          wrong.push(`${method} ${path} ${status}: no Retry-After`);
      }
    }
    expect(wrong).toEqual([]);
    expect(doc.components.schemas.Problem).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'message']),
    });
  });

  it('lists 401 on every route behind sign-in, and 403 exactly where a role is refused', () => {
    const rows = new Map(ACCESS_MATRIX.map((r) => [r.route, r]));
    const wrong: string[] = [];
    for (const { method, path, op } of all()) {
      const route = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      if (secured(op) && !statuses.includes('401')) wrong.push(`${route}: no 401`);
      const row = rows.get(route);
      if (!row) continue;
      // a route anonymous callers get 401 from says it takes a bearer token (metrics takes its own)
      if (row.expect.anonymous === 401 && route !== 'GET /metrics' && !secured(op))
        wrong.push(`${route}: needs sign-in, the document names no bearer security`);
      const seen = new Set(
        Object.values(row.expect)
          .flatMap((e) => (typeof e === 'number' ? [e] : [...e]))
          .filter((s) => s >= 400),
      );
      for (const s of seen)
        if (!statuses.includes(String(s))) wrong.push(`${route}: answers ${s} (access matrix), not documented`);
      if (statuses.includes('403') && !seen.has(403)) wrong.push(`${route}: documents 403, which no role gets`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives every JSON body a schema, with no `default` on a field (generated clients would require it)', () => {
    const missing = all().filter(
      ({ op }) => op.requestBody && !Object.values(op.requestBody.content ?? {}).every((m) => hasSchema(m.schema)),
    );
    expect(names(missing)).toEqual([]);
    const bodies = new Set(
      all().flatMap(({ op }) =>
        Object.values(op.requestBody?.content ?? {}).map((m) =>
          String(m.schema?.$ref ?? '')
            .split('/')
            .pop()!,
        ),
      ),
    );
    const withDefault = [...bodies].flatMap((name) => {
      const properties = (doc.components.schemas[name]?.properties ?? {}) as Record<string, { default?: unknown }>;
      return Object.entries(properties)
        .filter(([, p]) => p.default !== undefined)
        .map(([p]) => `${name}.${p}`);
    });
    expect(withDefault).toEqual([]);
  });

  it("names every operation once, readably (a generated client's method names), and tags it with its module", () => {
    const ids = all().map(({ op }) => op.operationId ?? '');
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]{2,40}$/.test(id) || /Controller|_/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(
      all()
        .filter(({ op }) => op.tags?.length !== 1 || !TAGS.includes(op.tags[0]))
        .map(({ method, path, op }) => `${method} ${path} ${op.tags}`),
    ).toEqual([]);
  });

  describe('a client generated from it with openapi-typescript', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'cedar-openapi-'));
      writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(doc));
      // The same generator as the web pages' (npm run web:api-types), in a plain Node process: jest
      // cannot load openapi-typescript's ES modules.
      const types = execFileSync(
        process.execPath,
        [path.join(__dirname, '../../scripts/openapi-types.js'), '--document', path.join(dir, 'openapi.json')],
        { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 },
      );
      writeFileSync(path.join(dir, 'api.ts'), types);
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Type errors of a file written against the generated types, compiled strictly. */
    const compile = (source: string): string[] => {
      writeFileSync(path.join(dir, 'usage.ts'), source);
      const program = ts.createProgram([path.join(dir, 'usage.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        skipLibCheck: true,
        types: [],
      });
      return ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) =>
            `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
    };

    it('types what a front end shows: lessons, a booking and its conflict, a sign-in, a calendar feed', () => {
      const errors = compile(`
        import type { components, operations, paths } from './api';
        type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

        // the lesson list a calendar page shows
        type LessonPage = paths['/api/v1/lessons']['get']['responses']['200']['content']['application/json'];
        type Lesson = LessonPage['items'][number];
        export const row = (l: Lesson): [string, string, string, number, string, string, string | null, boolean | null] =>
          [l.id, l.startsAt, l.endsAt, l.durationMinutes, l.status, l.lessonType, l.notes, l.makeupCredit];
        export const next: string | null = ({} as LessonPage).next;
        export const statuses: Lesson['status'][] = ['scheduled', 'completed', 'cancelled', 'no_show'];
        // @ts-expect-error not a lesson status
        export const wrongStatus: Lesson['status'] = 'booked';
        // @ts-expect-error a lesson's series may be null
        export const series = (l: Lesson): string => l.seriesId;
        export const query: operations['listLessons']['parameters']['query'] = { from: '2026-11-01T00:00:00Z', limit: 50, status: 'scheduled' };

        // booking: the body, the 201 and the 409 with alternatives
        type Booking = NonNullable<paths['/api/v1/lessons']['post']['requestBody']>['content']['application/json'];
        export const booking: Booking = { studentId: 'a', startsAt: '2026-11-02T16:00:00-04:00', recurrence: { pattern: 'weekly', occurrences: 4 } };
        // @ts-expect-error studentId is required
        export const noStudent: Booking = { startsAt: '2026-11-02T16:00:00-04:00' };
        export const booked = (r: Json<operations['scheduleLesson']['responses']['201']>) => r.lessons.map((l) => l.id);
        type Conflict = Json<operations['scheduleLesson']['responses']['409']>;
        export const elsewhere = (c: Conflict) => [c.statusCode, c.message, c.code, ...(c.alternatives ?? []).map((a) => a.startsAt + a.teacherId)];
        export const problem = (p: components['schemas']['Problem']): string => (Array.isArray(p.message) ? p.message.join('; ') : p.message);

        // signing in, and who is signed in
        type Session = Json<operations['login']['responses']['200']>;
        export const bearer = (s: Session): string => \`\${s.tokenType} \${s.accessToken}\`;
        export const role: components['schemas']['Role'] = ({} as Session).user.role;
        export const teacherId: string | null = ({} as Json<operations['getMe']['responses']['200']>).teacherId;

        // money is in dollars, times are ISO strings
        export const price: number = ({} as components['schemas']['Payment']).amount;
        export const rate: number = ({} as components['schemas']['Teacher']).hourlyRate;
        export const monday = ({} as components['schemas']['Teacher']).availability.monday?.[0].start;

        // not JSON: an iCalendar feed, a 204
        export const ics: string = '' as paths['/api/v1/calendars/{file}']['get']['responses']['200']['content']['text/calendar'];
        export const withdrawn: operations['withdrawStudent']['responses']['204']['content'] = undefined as never;
        export const enrollment = (e: Json<operations['getEnrollment']['responses']['200']>) => e.steps.map((s) => \`\${s.name}:\${s.status}\`).concat(e.demoLesson?.startsAt ?? []);
      `);
      expect(errors).toEqual([]);
    });

    it('fails to compile when a field the front end reads is not in the document (the check can fail)', () => {
      const errors = compile(`
        import type { components } from './api';
        export const nope = (l: components['schemas']['Lesson']) => l.room;
      `);
      expect(errors.join('\n')).toMatch(/Property 'room' does not exist/);
    });
  });

  describe('the answers of the main flows match it', () => {
    let conformance: Conformance;
    const problems: string[] = [];
    const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
      req.set('Authorization', `Bearer ${token}`);
    /** Sends, checks the answer against the document, and returns it. */
    const sent = async <R extends { status: number; headers: Record<string, string>; body: unknown }>(
      req: PromiseLike<R>,
      method: string,
      path: string,
      status?: number,
    ): Promise<R> => {
      const res = await req;
      problems.push(...conformance.check(res, method, path));
      if (status !== undefined && res.status !== status)
        problems.push(`${method} ${path}: answered ${res.status} (expected ${status}): ${JSON.stringify(res.body)}`);
      return res;
    };
    const settled = async (enrollmentId: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        await t.app.get(SubscriptionsService).waitForAll(15_000);
        const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
        if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    beforeAll(() => {
      conformance = new Conformance(doc);
    });
    beforeEach(() => {
      problems.length = 0;
    });

    it('public website, operations and accounts', async () => {
      await sent(t.http.get('/health'), 'get', '/health', 200);
      await sent(t.http.get('/health/live'), 'get', '/health/live', 200);
      await sent(t.http.get('/api/v1/workflows'), 'get', '/api/v1/workflows', 200);
      await sent(t.http.get('/api/v1/public/pricing'), 'get', '/api/v1/public/pricing', 200);
      await sent(t.http.get('/metrics'), 'get', '/metrics', 401);

      const login = await sent(
        t.http.post('/api/v1/auth/login').send({ email: 'owner@cedarheights.test', password: 'correct-horse-battery' }),
        'post',
        '/api/v1/auth/login',
        200,
      );
      await sent(
        t.http.post('/api/v1/auth/login').send({ email: 'owner@cedarheights.test', password: 'wrong-password' }),
        'post',
        '/api/v1/auth/login',
        401,
      );
      await sent(t.http.post('/api/v1/auth/login').send({ email: 'not an email' }), 'post', '/api/v1/auth/login', 400);
      await sent(as(t.http.get('/api/v1/auth/me')), 'get', '/api/v1/auth/me', 200);
      await sent(t.http.get('/api/v1/auth/me'), 'get', '/api/v1/auth/me', 401);
      const refreshed = await sent(
        t.http.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }),
        'post',
        '/api/v1/auth/refresh',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/auth/logout')).send({ refreshToken: refreshed.body.refreshToken }),
        'post',
        '/api/v1/auth/logout',
        204,
      );
      await sent(
        t.http.post('/api/v1/auth/password-reset').send({ email: 'nobody@example.com' }),
        'post',
        '/api/v1/auth/password-reset',
        202,
      );
      await sent(
        t.http.post('/api/v1/auth/set-password').send({ token: 'x'.repeat(30), password: 'a-long-enough-one' }),
        'post',
        '/api/v1/auth/set-password',
        400,
      );

      const email = `auditor-${newId().slice(0, 8)}@example.com`;
      await sent(
        as(t.http.post('/api/v1/users')).send({ email, password: 'a-long-enough-one', role: 'auditor' }),
        'post',
        '/api/v1/users',
        201,
      );
      await sent(
        as(t.http.post('/api/v1/users')).send({ email, password: 'a-long-enough-one', role: 'auditor' }),
        'post',
        '/api/v1/users',
        409,
      );
      const auditor = await t.login(email, 'a-long-enough-one');
      await sent(as(t.http.get('/api/v1/teachers'), auditor), 'get', '/api/v1/teachers', 403);
      await sent(
        as(t.http.post('/api/v1/auth/change-password'), auditor).send({
          currentPassword: 'a-long-enough-one',
          newPassword: 'another-long-one',
        }),
        'post',
        '/api/v1/auth/change-password',
        200,
      );
      expect(problems).toEqual([]);
    });

    it('teachers, enrollment, students, lessons, payments and emails', async () => {
      const registered = await sent(
        as(t.http.post('/api/v1/teachers')).send({
          firstName: 'Clara',
          lastName: 'Schumann',
          email: `clara-${newId().slice(0, 8)}@example.com`,
          instruments: ['piano'],
          hourlyRate: 65.5,
          availability,
          bio: 'Pianist',
        }),
        'post',
        '/api/v1/teachers',
        201,
      );
      const teacherId = registered.body.id as string;
      await sent(as(t.http.get('/api/v1/teachers')), 'get', '/api/v1/teachers', 200);
      await sent(as(t.http.get(`/api/v1/teachers/${teacherId}`)), 'get', '/api/v1/teachers/{id}', 200);
      await sent(as(t.http.get(`/api/v1/teachers/${newId()}`)), 'get', '/api/v1/teachers/{id}', 404);
      await sent(
        as(t.http.put(`/api/v1/teachers/${teacherId}/availability`)).send({ availability }),
        'put',
        '/api/v1/teachers/{id}/availability',
        200,
      );
      await sent(t.http.get('/api/v1/public/teachers'), 'get', '/api/v1/public/teachers', 200);
      await sent(
        t.http
          .get('/api/v1/public/timeslots')
          .query({ instrument: 'piano', from: '2026-10-26T00:00:00Z', to: '2026-10-31T00:00:00Z' }),
        'get',
        '/api/v1/public/timeslots',
        200,
      );

      const form = enrollmentApplication();
      const submitted = await sent(t.http.post('/api/v1/enrollments').send(form), 'post', '/api/v1/enrollments', 202);
      await sent(
        t.http.post('/api/v1/enrollments').send({ ...form, agreedToTerms: false }),
        'post',
        '/api/v1/enrollments',
        400,
      );
      const enrollment = await settled(submitted.body.enrollmentId);
      expect(enrollment.status).toBe('completed');
      await sent(t.http.post('/api/v1/enrollments').send(form), 'post', '/api/v1/enrollments', 200);
      await sent(
        as(t.http.get(`/api/v1/enrollments/${enrollment.enrollmentId}`)),
        'get',
        '/api/v1/enrollments/{id}',
        200,
      );
      await sent(as(t.http.get('/api/v1/enrollments')), 'get', '/api/v1/enrollments', 200);
      await sent(
        t.http.get(`/api/v1/enrollments/${enrollment.enrollmentId}/confirmation`),
        'get',
        '/api/v1/enrollments/{id}/confirmation',
        400,
      );
      const studentId = enrollment.studentId as string;

      // A form naming the family's address is held until the family answers from the emailed link.
      const held = await sent(
        t.http
          .post('/api/v1/enrollments')
          .send(
            enrollmentApplication({ parentEmail: form.parentEmail, studentFirstName: 'Rosa', instrument: 'piano' }),
          ),
        'post',
        '/api/v1/enrollments',
        202,
      );
      expect((await settled(held.body.enrollmentId)).status).toBe('awaiting-family-confirmation');
      await sent(
        as(t.http.get(`/api/v1/enrollments/${held.body.enrollmentId}`)),
        'get',
        '/api/v1/enrollments/{id}',
        200,
      );
      const [ask] = await t.app
        .get(EntityManager)
        .fork()
        .execute<{ text_body: string }[]>(
          "SELECT text_body FROM email_outbox WHERE recipient = ? AND template = 'family-confirmation'",
          [form.parentEmail],
        );
      const confirmationToken = /\/enrollments\/confirm\?enrollment=[\w-]+&token=([\w-]+)/.exec(ask.text_body)![1];
      const confirmation = `/api/v1/enrollments/${held.body.enrollmentId}`;
      await sent(
        t.http.get(`${confirmation}/confirmation`).query({ token: confirmationToken }),
        'get',
        '/api/v1/enrollments/{id}/confirmation',
        200,
      );
      await sent(
        t.http.post(`${confirmation}/confirm`).send({ token: `${confirmationToken.slice(0, -2)}xx` }),
        'post',
        '/api/v1/enrollments/{id}/confirm',
        404,
      );
      await sent(
        t.http.post(`${confirmation}/confirm`).send({ token: confirmationToken }),
        'post',
        '/api/v1/enrollments/{id}/confirm',
        200,
      );
      await sent(
        t.http.post(`${confirmation}/decline`).send({ token: confirmationToken }),
        'post',
        '/api/v1/enrollments/{id}/decline',
        409,
      );
      expect((await settled(held.body.enrollmentId)).status).toBe('completed');

      await sent(as(t.http.get('/api/v1/students')), 'get', '/api/v1/students', 200);
      await sent(as(t.http.get(`/api/v1/students/${studentId}`)), 'get', '/api/v1/students/{id}', 200);
      await sent(
        as(t.http.patch(`/api/v1/students/${studentId}`)).send({ skillLevel: 'intermediate', lessonRate: 47.5 }),
        'patch',
        '/api/v1/students/{id}',
        200,
      );
      await sent(as(t.http.get(`/api/v1/students/${studentId}/lessons`)), 'get', '/api/v1/students/{id}/lessons', 200);

      const booked = await sent(
        as(t.http.post('/api/v1/lessons')).send({ studentId, startsAt: '2026-10-27T19:00:00Z', notes: 'scales' }),
        'post',
        '/api/v1/lessons',
        201,
      );
      const lessonId = booked.body.lessons[0].id as string;
      await sent(
        as(t.http.post('/api/v1/lessons')).send({ studentId, startsAt: '2026-10-27T19:00:00Z' }),
        'post',
        '/api/v1/lessons',
        409,
      );
      await sent(
        as(t.http.post('/api/v1/lessons')).send({ studentId, startsAt: '2020-10-27T19:00:00Z' }),
        'post',
        '/api/v1/lessons',
        422,
      );
      await sent(
        as(t.http.post('/api/v1/lessons/check-conflicts')).send({ studentId, startsAt: '2026-10-27T19:00:00Z' }),
        'post',
        '/api/v1/lessons/check-conflicts',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/lessons')).send({
          studentId,
          startsAt: '2026-11-02T19:00:00Z',
          recurrence: { pattern: 'weekly', occurrences: 3 },
        }),
        'post',
        '/api/v1/lessons',
        201,
      );
      await sent(as(t.http.get('/api/v1/lessons')), 'get', '/api/v1/lessons', 200);
      await sent(as(t.http.get('/api/v1/lessons').query({ limit: 1 })), 'get', '/api/v1/lessons', 200);
      await sent(as(t.http.get(`/api/v1/lessons/${lessonId}`)), 'get', '/api/v1/lessons/{id}', 200);
      await sent(as(t.http.get(`/api/v1/lessons/${newId()}`)), 'get', '/api/v1/lessons/{id}', 404);
      await sent(
        as(t.http.get('/api/v1/lessons/schedule/view')).query({
          teacherId,
          from: '2026-10-26T00:00:00Z',
          to: '2026-10-29T00:00:00Z',
        }),
        'get',
        '/api/v1/lessons/schedule/view',
        200,
      );
      await sent(
        as(t.http.post(`/api/v1/lessons/${lessonId}/reschedule`)).send({ startsAt: '2026-10-27T20:00:00Z' }),
        'post',
        '/api/v1/lessons/{id}/reschedule',
        200,
      );
      await sent(
        as(t.http.post(`/api/v1/lessons/${lessonId}/cancel`)).send({ reason: 'ill', initiatedBy: 'teacher' }),
        'post',
        '/api/v1/lessons/{id}/cancel',
        200,
      );
      await sent(
        as(t.http.post(`/api/v1/lessons/${lessonId}/complete`)).send({}),
        'post',
        '/api/v1/lessons/{id}/complete',
        409,
      );
      await sent(
        as(t.http.post(`/api/v1/lessons/${enrollment.demoLesson.lessonId}/no-show`)),
        'post',
        '/api/v1/lessons/{id}/no-show',
        422,
      );

      const calendar = await sent(
        as(t.http.post('/api/v1/calendar-subscriptions')).send({ teacherId }),
        'post',
        '/api/v1/calendar-subscriptions',
        201,
      );
      const token = /\/calendars\/([\w-]+)\.ics$/.exec(calendar.body.url)![1];
      await sent(t.http.get(`/api/v1/calendars/${token}.ics`), 'get', '/api/v1/calendars/{file}', 200);
      await sent(
        as(t.http.get(`/api/v1/calendar/teachers/${teacherId}.ics`)),
        'get',
        '/api/v1/calendar/teachers/{file}',
        200,
      );
      await sent(
        as(t.http.delete('/api/v1/calendar-subscriptions').query({ teacherId })),
        'delete',
        '/api/v1/calendar-subscriptions',
        204,
      );
      await sent(t.http.get(`/api/v1/calendars/${token}.ics`), 'get', '/api/v1/calendars/{file}', 404);

      const payments = await sent(as(t.http.get('/api/v1/payments')), 'get', '/api/v1/payments', 200);
      await sent(
        as(t.http.get(`/api/v1/students/${studentId}/payments`)),
        'get',
        '/api/v1/students/{id}/payments',
        200,
      );
      const requested = await sent(
        as(t.http.post('/api/v1/payments/process')).send({ studentId, amount: 45.25, description: 'sheet music' }),
        'post',
        '/api/v1/payments/process',
        202,
      );
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      const paymentId = (requested.body.paymentId ?? payments.body.items[0]?.id) as string;
      await sent(as(t.http.get(`/api/v1/payments/${paymentId}`)), 'get', '/api/v1/payments/{id}', 200);
      await sent(
        as(t.http.post(`/api/v1/payments/${paymentId}/refund`)).send({ amount: 5.25, reason: 'discount' }),
        'post',
        '/api/v1/payments/{id}/refund',
        200,
      );
      await sent(
        as(t.http.post(`/api/v1/payments/${paymentId}/refund`)).send({ amount: 450 }),
        'post',
        '/api/v1/payments/{id}/refund',
        422,
      );
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      await sent(as(t.http.get(`/api/v1/payments/${paymentId}`)), 'get', '/api/v1/payments/{id}', 200);
      await sent(as(t.http.get('/api/v1/payments/ledger')), 'get', '/api/v1/payments/ledger', 200);
      await sent(
        as(t.http.get('/api/v1/reports/revenue')).query({ from: '2026-10-01', to: '2026-10-31' }),
        'get',
        '/api/v1/reports/revenue',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/payments/billing/run')).send({ period: '2026-11' }),
        'post',
        '/api/v1/payments/billing/run',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/payments/billing/notices')).send({ period: '2026-11' }),
        'post',
        '/api/v1/payments/billing/notices',
        200,
      );
      // this app has no STRIPE_WEBHOOK_SECRET
      await sent(t.http.post('/api/v1/stripe/webhooks').send({}), 'post', '/api/v1/stripe/webhooks', 503);

      const emails = await sent(as(t.http.get('/api/v1/admin/emails')), 'get', '/api/v1/admin/emails', 200);
      await sent(
        as(t.http.get(`/api/v1/admin/emails/${emails.body.items[0].id}`)),
        'get',
        '/api/v1/admin/emails/{id}',
        200,
      );
      await sent(as(t.http.get('/api/v1/emails')), 'get', '/api/v1/emails', 200);
      await sent(as(t.http.get(`/api/v1/emails/${emails.body.items[0].id}`)), 'get', '/api/v1/emails/{id}', 200);

      // What the family's parent reads: the same schemas, fewer fields where the office sees more.
      const [welcome] = await t.app
        .get(EntityManager)
        .fork()
        .execute<{ text_body: string }[]>(
          "SELECT text_body FROM email_outbox WHERE recipient = ? AND template = 'parent-welcome'",
          [form.parentEmail],
        );
      const passwordToken = /set-password\?token=([\w-]+)/.exec(welcome.text_body)![1];
      await sent(
        t.http.post('/api/v1/auth/set-password').send({ token: passwordToken, password: 'a-good-long-password' }),
        'post',
        '/api/v1/auth/set-password',
        200,
      );
      const parent = await t.login(form.parentEmail, 'a-good-long-password');
      await sent(as(t.http.get('/api/v1/auth/me'), parent), 'get', '/api/v1/auth/me', 200);
      await sent(as(t.http.get(`/api/v1/payments/${paymentId}`), parent), 'get', '/api/v1/payments/{id}', 200);
      await sent(as(t.http.get('/api/v1/payments/ledger'), parent), 'get', '/api/v1/payments/ledger', 200);
      await sent(as(t.http.get('/api/v1/students'), parent), 'get', '/api/v1/students', 200);
      await sent(as(t.http.get('/api/v1/lessons'), parent), 'get', '/api/v1/lessons', 200);
      await sent(as(t.http.get('/api/v1/enrollments'), parent), 'get', '/api/v1/enrollments', 200);
      await sent(as(t.http.get('/api/v1/emails'), parent), 'get', '/api/v1/emails', 200);
      await sent(
        as(t.http.post('/api/v1/lessons/check-conflicts'), parent).send({
          studentId,
          startsAt: '2026-10-27T20:00:00Z',
        }),
        'post',
        '/api/v1/lessons/check-conflicts',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/lessons'), parent).send({
          studentId,
          startsAt: '2026-10-27T20:00:00Z',
          lessonType: 'demo',
        }),
        'post',
        '/api/v1/lessons',
        403,
      );
      await sent(as(t.http.get('/api/v1/teachers'), parent), 'get', '/api/v1/teachers', 403);
      await sent(
        as(t.http.post('/api/v1/calendar-subscriptions'), parent).send({}),
        'post',
        '/api/v1/calendar-subscriptions',
        201,
      );

      await sent(as(t.http.delete(`/api/v1/students/${studentId}`)), 'delete', '/api/v1/students/{id}', 204);
      const parentId = enrollment.parentId as string;
      await sent(
        as(t.http.post(`/api/v1/admin/families/${parentId}/forget`)),
        'post',
        '/api/v1/admin/families/{id}/forget',
        200,
      );
      expect(problems).toEqual([]);
    }, 120_000);

    it('the audit log and the administration routes', async () => {
      const events = await sent(
        as(t.http.get('/api/v1/audit/events')).query({ limit: 20 }),
        'get',
        '/api/v1/audit/events',
        200,
      );
      await sent(
        as(t.http.get('/api/v1/audit/events')).query({ limit: 5, as: 'stored' }),
        'get',
        '/api/v1/audit/events',
        200,
      );
      const first = events.body.events[0];
      await sent(
        as(t.http.get(`/api/v1/audit/streams/${encodeURIComponent(first.streamId)}`)),
        'get',
        '/api/v1/audit/streams/{streamId}',
        200,
      );
      await sent(
        as(t.http.get(`/api/v1/audit/correlations/${first.metadata.correlationId}`)),
        'get',
        '/api/v1/audit/correlations/{correlationId}',
        200,
      );
      await sent(as(t.http.get('/api/v1/audit/verify')), 'get', '/api/v1/audit/verify', 200);
      const head = await sent(as(t.http.get('/api/v1/audit/head')), 'get', '/api/v1/audit/head', 200);
      await sent(
        as(t.http.get('/api/v1/audit/verify')).query({
          position: head.body.position,
          events: head.body.events,
          streams: head.body.streams,
          digest: head.body.digest,
        }),
        'get',
        '/api/v1/audit/verify',
        200,
      );

      await sent(as(t.http.get('/api/v1/admin/projections')), 'get', '/api/v1/admin/projections', 200);
      await sent(as(t.http.get('/api/v1/admin/projections/parked')), 'get', '/api/v1/admin/projections/parked', 200);
      const rebuild = await sent(
        as(t.http.post('/api/v1/admin/projections/teachers/rebuild')),
        'post',
        '/api/v1/admin/projections/{name}/rebuild',
        202,
      );
      await sent(
        as(t.http.get(`/api/v1/admin/projections/rebuilds/${rebuild.body.rebuildId}`)),
        'get',
        '/api/v1/admin/projections/rebuilds/{id}',
        200,
      );
      for (
        let i = 0;
        i < 200 &&
        (await as(t.http.get(`/api/v1/admin/projections/rebuilds/${rebuild.body.rebuildId}`))).body.status ===
          'running';
        i++
      )
        await new Promise((r) => setTimeout(r, 50));
      await sent(
        as(t.http.get(`/api/v1/admin/projections/rebuilds/${rebuild.body.rebuildId}`)),
        'get',
        '/api/v1/admin/projections/rebuilds/{id}',
        200,
      );
      await sent(
        as(t.http.post('/api/v1/admin/projections/teachers/rebuild')).query({ wait: 'true' }),
        'post',
        '/api/v1/admin/projections/{name}/rebuild',
        200,
      );
      await sent(
        as(t.http.get('/api/v1/admin/projections/rebuilds')),
        'get',
        '/api/v1/admin/projections/rebuilds',
        200,
      );
      await sent(as(t.http.get('/api/v1/admin/jobs')), 'get', '/api/v1/admin/jobs', 200);
      await sent(as(t.http.post('/api/v1/admin/jobs/no-such-job/run')), 'post', '/api/v1/admin/jobs/{name}/run', 404);
      await sent(
        as(t.http.post('/api/v1/admin/jobs/lesson-reminders/run')),
        'post',
        '/api/v1/admin/jobs/{name}/run',
        200,
      );
      expect(problems).toEqual([]);
    }, 120_000);
  });
});
