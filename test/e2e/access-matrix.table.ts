/**
 * Who may call what: every route of the API, one row each, with the status every role gets.
 * test/e2e/access-matrix.e2e.test.ts runs every row as every role, on a resource of family A
 * and on one of family B, and fails when a route of the app has no row here (or a row names a
 * route the app does not have).
 *
 * Families: family A is `parent`'s child, taught by `teacher`; family B is `otherParent`'s
 * child, taught by `otherTeacher`. An expectation is either one status (the same on both
 * families' resources) or [own, other]: the status on the caller's own family's resource and
 * on the other family's. `otherTeacher` and `otherParent` follow the teacher's and parent's
 * expectation from their side (family B is their own).
 *
 * Probes never change what other rows rely on: writes are sent with a body the rules refuse
 * after the access check (a time in the past, a lesson already cancelled…), so a 422/409
 * proves the caller got through and a 403/404 that they did not.
 *
 * To add a route: one line, `row('METHOD /path/{param}', { anonymous, admin, teacher, parent, auditor }, probe?)`.
 * A probe names the fixture each path parameter takes (`{ id: 'student' }`), and optionally a
 * query or a body built from the family's fixtures. New fixture kinds (a payment id, …) are
 * added to the family fixtures in the test's setup.
 */

export type Who = 'anonymous' | 'admin' | 'teacher' | 'otherTeacher' | 'parent' | 'otherParent' | 'auditor';
export const WHO: readonly Who[] = [
  'anonymous',
  'admin',
  'teacher',
  'otherTeacher',
  'parent',
  'otherParent',
  'auditor',
];

/** A status for both families' resources, or [on the caller's own family's, on the other family's]. */
export type Expect = number | readonly [own: number, other: number];
export type Expectations = Record<'anonymous' | 'admin' | 'teacher' | 'parent' | 'auditor', Expect>;

/** One family's resources, by kind (student, lesson, teacher, enrollment, …): ids and names. */
export type Family = Record<string, string>;

export interface Probe {
  /** path parameter → the fixture kind it takes, or a function of the family */
  params?: Record<string, string | ((f: Family) => string)>;
  query?: (f: Family) => Record<string, string>;
  body?: (f: Family) => unknown;
  /**
   * A list: on 200, which families' `kind` fixture shows among the items' `field` (default id).
   * Without path parameters: `sees` per role, 'all' (default) both families', 'own' only the
   * caller's, 'none' neither. With path parameters: the family's own fixture shows.
   */
  list?: { kind: string; field?: string; sees?: Partial<Record<'teacher' | 'parent', 'all' | 'own' | 'none'>> };
}

export interface AccessRow {
  /** 'METHOD /path/{param}' as the OpenAPI document names it */
  route: string;
  expect: Expectations;
  probe?: Probe;
}

export const row = (route: string, expect: Expectations, probe?: Probe): AccessRow => ({ route, expect, probe });

/** Seen or found only when it is the caller's own family's. */
export const MINE: Expect = [200, 404];
const PAST = '2020-01-06T16:00:00Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const SAME_WEEK = { from: '2026-10-26T00:00:00-03:00', to: '2026-10-31T00:00:00-03:00' };
const PUBLIC_OK = { anonymous: 200, admin: 200, teacher: 200, parent: 200, auditor: 200 };
/** Public routes with a body: probed with an empty one, so the answer is validation's 400 for everyone (no token needed). */
const PUBLIC_BODY = { anonymous: 400, admin: 400, teacher: 400, parent: 400, auditor: 400 };
/** Account routes of any signed-in user (auditors included), probed with an empty body. */
const SIGNED_IN_BODY = { anonymous: 401, admin: 400, teacher: 400, parent: 400, auditor: 400 };
const AUDIT = { anonymous: 401, admin: 200, teacher: 403, parent: 403, auditor: 200 };
const ADMIN_ONLY = { anonymous: 401, admin: 200, teacher: 403, parent: 403, auditor: 403 };

export const ACCESS_MATRIX: AccessRow[] = [
  // operations and public website
  row('GET /health', PUBLIC_OK),
  // Only with METRICS_TOKEN (the test apps set one): a sign-in token of any role does not do.
  row('GET /metrics', { anonymous: 401, admin: 401, teacher: 401, parent: 401, auditor: 401 }),
  row('GET /api/v1/workflows', PUBLIC_OK),
  row('GET /api/v1/public/teachers', PUBLIC_OK),
  row('GET /api/v1/public/timeslots', PUBLIC_OK, { query: () => ({ instrument: 'piano', ...SAME_WEEK }) }),
  row('POST /api/v1/enrollments', PUBLIC_BODY, { body: () => ({}) }),

  // accounts
  row('POST /api/v1/auth/login', PUBLIC_BODY, { body: () => ({}) }),
  row('POST /api/v1/auth/refresh', PUBLIC_BODY, { body: () => ({}) }),
  row('POST /api/v1/auth/set-password', PUBLIC_BODY, { body: () => ({}) }),
  row('POST /api/v1/auth/password-reset', PUBLIC_BODY, { body: () => ({}) }),
  row('GET /api/v1/auth/me', { anonymous: 401, admin: 200, teacher: 200, parent: 200, auditor: 200 }),
  row('POST /api/v1/auth/change-password', SIGNED_IN_BODY, { body: () => ({}) }),
  row('POST /api/v1/auth/logout', SIGNED_IN_BODY, { body: () => ({}) }),
  row(
    'POST /api/v1/users',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { body: () => ({ role: 'auditor' }) },
  ),

  // teachers
  row(
    'GET /api/v1/teachers',
    { anonymous: 401, admin: 200, teacher: 200, parent: 403, auditor: 403 },
    { list: { kind: 'teacher', sees: { teacher: 'own' } } },
  ),
  row(
    'POST /api/v1/teachers',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { body: () => ({}) },
  ),
  row(
    'GET /api/v1/teachers/{id}',
    { anonymous: 401, admin: 200, teacher: MINE, parent: 403, auditor: 403 },
    { params: { id: 'teacher' } },
  ),
  // Probed with a student limit out of range (400 once through), an unknown teacher (404), an active one (reactivating changes nothing).
  row(
    'PATCH /api/v1/teachers/{id}',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: 'teacher' }, body: () => ({ maxStudents: 0 }) },
  ),
  row(
    'POST /api/v1/teachers/{id}/deactivate',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: () => UNKNOWN_ID }, body: () => ({}) },
  ),
  row('POST /api/v1/teachers/{id}/reactivate', ADMIN_ONLY, { params: { id: 'teacher' } }),
  row('GET /api/v1/teachers/{id}/handover', ADMIN_ONLY, { params: { id: 'teacher' } }),
  row(
    'PUT /api/v1/teachers/{id}/availability',
    { anonymous: 401, admin: 200, teacher: MINE, parent: 403, auditor: 403 },
    { params: { id: 'teacher' }, body: (f) => ({ availability: JSON.parse(f.availability) }) },
  ),
  row(
    'GET /api/v1/calendar/teachers/{file}',
    { anonymous: 401, admin: 200, teacher: MINE, parent: 403, auditor: 403 },
    { params: { file: (f) => `${f.teacher}.ics` } },
  ),
  // calendar URLs: probed on the teacher's (a new URL for it changes nothing the family's feed row relies on)
  row(
    'POST /api/v1/calendar-subscriptions',
    { anonymous: 401, admin: 201, teacher: [201, 404], parent: 404, auditor: 403 },
    { body: (f) => ({ teacherId: f.teacher }) },
  ),
  row(
    'DELETE /api/v1/calendar-subscriptions',
    { anonymous: 401, admin: 204, teacher: [204, 404], parent: 404, auditor: 403 },
    { query: (f) => ({ teacherId: f.teacher }) },
  ),
  // the secret in the path is the credential: a bearer token, anyone's, changes nothing
  row('GET /api/v1/calendars/{file}', PUBLIC_OK, { params: { file: (f) => `${f.calendarToken}.ics` } }),

  // students
  row(
    'GET /api/v1/students',
    { anonymous: 401, admin: 200, teacher: 200, parent: 200, auditor: 403 },
    { list: { kind: 'student', sees: { teacher: 'own', parent: 'own' } } },
  ),
  row(
    'GET /api/v1/students/{id}',
    { anonymous: 401, admin: 200, teacher: MINE, parent: MINE, auditor: 403 },
    { params: { id: 'student' } },
  ),
  row(
    'GET /api/v1/students/{id}/lessons',
    { anonymous: 401, admin: 200, teacher: MINE, parent: MINE, auditor: 403 },
    { params: { id: 'student' }, list: { kind: 'lesson' } },
  ),
  row(
    'PATCH /api/v1/students/{id}',
    { anonymous: 401, admin: 200, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: 'student' }, body: () => ({ skillLevel: 'beginner' }) },
  ),
  row(
    'DELETE /api/v1/students/{id}',
    { anonymous: 401, admin: 204, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: 'withdrawnStudent' } },
  ),

  // lessons
  row(
    'GET /api/v1/lessons',
    { anonymous: 401, admin: 200, teacher: 200, parent: 200, auditor: 403 },
    { query: () => ({ limit: '200' }), list: { kind: 'lesson', sees: { teacher: 'own', parent: 'own' } } },
  ),
  row(
    'GET /api/v1/lessons/{id}',
    { anonymous: 401, admin: 200, teacher: MINE, parent: MINE, auditor: 403 },
    { params: { id: 'lesson' } },
  ),
  row(
    'GET /api/v1/lessons/schedule/view',
    { anonymous: 401, admin: 200, teacher: MINE, parent: 403, auditor: 403 },
    { query: (f) => ({ teacherId: f.teacher, ...SAME_WEEK }) },
  ),
  row(
    'POST /api/v1/lessons',
    { anonymous: 401, admin: 422, teacher: 403, parent: [422, 404], auditor: 403 },
    { body: (f) => ({ studentId: f.student, startsAt: PAST }) },
  ),
  row(
    'POST /api/v1/lessons/check-conflicts',
    { anonymous: 401, admin: 422, teacher: 403, parent: [422, 404], auditor: 403 },
    { body: (f) => ({ studentId: f.student, startsAt: PAST }) },
  ),
  row(
    'POST /api/v1/lessons/{id}/reschedule',
    { anonymous: 401, admin: 422, teacher: 403, parent: [422, 404], auditor: 403 },
    { params: { id: 'lesson' }, body: () => ({ startsAt: PAST }) },
  ),
  row(
    'POST /api/v1/lessons/{id}/cancel',
    { anonymous: 401, admin: 409, teacher: [409, 404], parent: [409, 404], auditor: 403 },
    { params: { id: 'cancelledLesson' }, body: () => ({ reason: 'probe' }) },
  ),
  row(
    'POST /api/v1/lessons/series/{seriesId}/cancel',
    { anonymous: 401, admin: 200, teacher: MINE, parent: MINE, auditor: 403 },
    { params: { seriesId: 'cancelledSeries' }, body: () => ({ reason: 'probe' }) },
  ),
  row(
    'POST /api/v1/lessons/{id}/complete',
    { anonymous: 401, admin: 422, teacher: [422, 404], parent: 403, auditor: 403 },
    { params: { id: 'lesson' }, body: () => ({}) },
  ),
  row(
    'POST /api/v1/lessons/{id}/no-show',
    { anonymous: 401, admin: 422, teacher: [422, 404], parent: 403, auditor: 403 },
    { params: { id: 'lesson' } },
  ),

  // enrollments
  row(
    'GET /api/v1/enrollments',
    { anonymous: 401, admin: 200, teacher: 403, parent: 200, auditor: 403 },
    { list: { kind: 'enrollment', field: 'enrollmentId', sees: { parent: 'own' } } },
  ),
  row(
    'GET /api/v1/enrollments/{id}',
    { anonymous: 401, admin: 200, teacher: 403, parent: MINE, auditor: 403 },
    { params: { id: 'enrollment' } },
  ),
  // The family's answer to a held enrollment: the emailed token, or the family's parent signed in (others: no token → 400).
  row(
    'GET /api/v1/enrollments/{id}/confirmation',
    { anonymous: 400, admin: 400, teacher: 400, parent: MINE, auditor: 400 },
    { params: { id: 'enrollment' } },
  ),
  // Own: already confirmed (a new family), so confirming again changes nothing and declining is refused.
  row(
    'POST /api/v1/enrollments/{id}/confirm',
    { anonymous: 400, admin: 400, teacher: 400, parent: MINE, auditor: 400 },
    { params: { id: 'enrollment' }, body: () => ({}) },
  ),
  row(
    'POST /api/v1/enrollments/{id}/decline',
    { anonymous: 400, admin: 400, teacher: 400, parent: [409, 404], auditor: 400 },
    { params: { id: 'enrollment' }, body: () => ({}) },
  ),
  // Following an enrollment by the secret link of the form's answer: without its token, 400 for everyone.
  row('GET /api/v1/enrollments/{id}/follow', PUBLIC_BODY, { params: { id: 'enrollment' } }),
  // The page behind the emailed link: without the link's fields, 400 for everyone.
  row('GET /enrollments/confirm', PUBLIC_BODY),
  row('POST /enrollments/confirm', PUBLIC_BODY, { body: () => ({}) }),

  // emails
  row(
    'GET /api/v1/emails',
    { anonymous: 401, admin: 200, teacher: 200, parent: 200, auditor: 403 },
    { query: () => ({ limit: '200' }), list: { kind: 'welcomeEmail', sees: { teacher: 'none', parent: 'own' } } },
  ),
  row('GET /api/v1/admin/emails', ADMIN_ONLY, { query: () => ({ limit: '200' }), list: { kind: 'welcomeEmail' } }),
  row('GET /api/v1/admin/emails/{id}', ADMIN_ONLY, { params: { id: 'welcomeEmail' } }),
  // The family's welcome email: its parent's to read, nobody else's but the office's.
  row(
    'GET /api/v1/emails/{id}',
    { anonymous: 401, admin: 200, teacher: 404, parent: MINE, auditor: 403 },
    { params: { id: 'welcomeEmail' } },
  ),

  // administration
  row('GET /api/v1/admin/projections', ADMIN_ONLY),
  row('GET /api/v1/admin/projections/parked', ADMIN_ONLY),
  row(
    'POST /api/v1/admin/projections/{name}/rebuild',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 403 },
    { params: { name: () => 'no-such-projection' } },
  ),
  row('GET /api/v1/admin/projections/rebuilds', ADMIN_ONLY),
  row(
    'GET /api/v1/admin/projections/rebuilds/{id}',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: () => '00000000-0000-4000-8000-000000000000' } },
  ),
  row(
    'POST /api/v1/admin/families/{id}/forget',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: () => '00000000-0000-4000-8000-000000000000' } },
  ),
  // audit: admins and auditors, read-only
  row('GET /api/v1/audit/events', AUDIT, { query: () => ({ limit: '5' }) }),
  row('GET /api/v1/audit/streams/{streamId}', AUDIT, { params: { streamId: (f) => `student-${f.student}` } }),
  row(
    'GET /api/v1/audit/correlations/{correlationId}',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 404 },
    { params: { correlationId: () => '00000000-0000-4000-8000-000000000000' } },
  ),
  row('GET /api/v1/audit/verify', AUDIT),
  row('GET /api/v1/audit/head', AUDIT),
  row('GET /health/live', PUBLIC_OK),
  row('GET /api/v1/admin/jobs', ADMIN_ONLY),

  // payments: the office charges and refunds; a family sees its own payments and ledger; teachers none;
  // auditors read every ledger and the revenue report (amounts and ids), to reconcile them with the log
  row(
    'POST /api/v1/payments/process',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { body: (f) => ({ studentId: f.student, amount: 0, description: 'probe' }) },
  ),
  row(
    'GET /api/v1/payments',
    { anonymous: 401, admin: 200, teacher: 403, parent: 200, auditor: 403 },
    { query: () => ({ limit: '200' }), list: { kind: 'payment', sees: { parent: 'own' } } },
  ),
  row(
    'GET /api/v1/payments/ledger',
    { anonymous: 401, admin: 200, teacher: 403, parent: 200, auditor: 200 },
    { query: () => ({ limit: '200' }), list: { kind: 'payment', field: 'paymentId', sees: { parent: 'own' } } },
  ),
  row(
    'GET /api/v1/payments/{id}',
    { anonymous: 401, admin: 200, teacher: 403, parent: MINE, auditor: 403 },
    { params: { id: 'payment' } },
  ),
  row(
    'POST /api/v1/payments/{id}/refund',
    { anonymous: 401, admin: 422, teacher: 403, parent: 403, auditor: 403 },
    { params: { id: 'payment' }, body: () => ({ amount: 499, reason: 'probe' }) },
  ),
  row(
    'POST /api/v1/payments/billing/run',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { body: () => ({ period: 'probe' }) },
  ),
  row(
    'POST /api/v1/payments/billing/notices',
    { anonymous: 401, admin: 400, teacher: 403, parent: 403, auditor: 403 },
    { body: () => ({ period: 'probe' }) },
  ),
  row(
    'GET /api/v1/students/{id}/payments',
    { anonymous: 401, admin: 200, teacher: 403, parent: MINE, auditor: 403 },
    { params: { id: 'student' }, list: { kind: 'payment' } },
  ),
  row('GET /api/v1/reports/revenue', AUDIT, { query: () => ({ from: '2026-10-01', to: '2026-11-01' }) }),
  row('POST /api/v1/stripe/webhooks', PUBLIC_BODY, { body: () => ({}) }),
  row('GET /api/v1/public/pricing', PUBLIC_OK),
  row(
    'POST /api/v1/admin/jobs/{name}/run',
    { anonymous: 401, admin: 404, teacher: 403, parent: 403, auditor: 403 },
    { params: { name: () => 'no-such-job' } },
  ),
];
