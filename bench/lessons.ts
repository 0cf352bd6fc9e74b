import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { migrate } from '../src/database/orm.config';
import { NewEvent } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { deriveId } from '../src/shared/ids';

/**
 * The lessons API on the embedded database, the app in its own process, autocannon in this one.
 *   npm run bench:lessons -- [seeded lessons=100000] [bookings=2000] [connections=10]
 * 1. seeds the log with lessons (read model built by the app's projection, the real path),
 * 2. POST /api/v1/lessons: every request a different student and slot (all should be 201),
 * 3. GET /api/v1/lessons for one teacher and week, and the schedule view, over the seeded data.
 */
const SEEDED = Number(process.argv[2] ?? 100_000);
const BOOKINGS = Number(process.argv[3] ?? 2_000);
const CONNECTIONS = Number(process.argv[4] ?? 10);
const TEACHERS = 50;
const ADMIN = { email: 'bench@cedarheights.test', password: 'bench-password-123' };
const everyDay = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '08:00', end: '22:00' }]]),
);
const meta = () => ({ correlationId: 'bench', causationId: null, actor: { id: 'system', role: 'system' as const }, occurredAt: new Date().toISOString(), schemaVersion: 1 });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(port: number, token: string, requests: autocannon.Request[], amount: number) {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests,
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return { p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), p99: ms(percentile(times, 99)), rps: Math.round(result.requests.average), statuses };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-lessons-'));
  const db = await startEmbeddedPostgres({ dataDir, logger: { log() {}, debug() {}, warn() {}, error() {} } as never });
  let app: ChildProcess | undefined;
  try {
    await migrate(db.url);
    const pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool);

    // Teachers and students, written as their commands would (the enrollment workflow writes students).
    const teacherIds = Array.from({ length: TEACHERS }, (_, i) => deriveId('bench-teacher', String(i)));
    const studentIds = Array.from({ length: Math.max(BOOKINGS, 5000) }, (_, i) => deriveId('bench-student', String(i)));
    const client = await pool.connect();
    const t0 = Date.now();
    await client.query('BEGIN');
    for (const [i, teacherId] of teacherIds.entries()) {
      await store.appendOn(client, `teacher-${teacherId}`, [{ eventId: deriveId('bench-ev', teacherId), type: 'TeacherRegistered', data: { teacherId, userId: deriveId('bench-user', teacherId), firstName: `T${i}`, lastName: 'Bench', email: `t${i}@bench.test`, instruments: ['piano'], hourlyRateCents: 8000, maxStudents: 50, availability: everyDay, bio: null }, metadata: meta() }], 'no_stream');
    }
    for (const [i, studentId] of studentIds.entries()) {
      if (i % 500 === 0) {
        await client.query('COMMIT');
        await client.query('BEGIN');
      }
      await store.appendOn(client, `student-${studentId}`, [
        { eventId: deriveId('bench-ev', studentId, 'e'), type: 'StudentEnrolled', data: { studentId, parentId: deriveId('bench-parent', studentId), enrollmentId: null, firstName: `S${i}`, lastName: 'Bench', dateOfBirth: '2014-01-01', instrument: 'piano', skillLevel: 'beginner', lessonRateCents: 4500, lessonDurationMinutes: 30, preferredLessonDay: null, preferredLessonTime: null }, metadata: meta() },
        { eventId: deriveId('bench-ev', studentId, 'a'), type: 'TeacherAssigned', data: { studentId, teacherId: teacherIds[i % TEACHERS] }, metadata: meta() },
      ], 'no_stream');
    }
    // Past and future lessons for the read model: 30-minute lessons, 12 a day per teacher.
    const base = Date.parse('2026-01-05T13:00:00Z');
    for (let i = 0; i < SEEDED; i++) {
      if (i % 1000 === 0) {
        await client.query('COMMIT');
        await client.query('BEGIN');
      }
      const teacher = i % TEACHERS;
      const slot = Math.floor(i / TEACHERS);
      const startsAt = new Date(base + Math.floor(slot / 12) * 86_400_000 + (slot % 12) * 3_600_000);
      const lessonId = deriveId('bench-lesson', String(i));
      const event: NewEvent = {
        eventId: deriveId('bench-ev', lessonId),
        type: 'LessonScheduled',
        data: { lessonId, studentId: studentIds[i % studentIds.length], teacherId: teacherIds[teacher], startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(), durationMinutes: 30, lessonType: 'regular', seriesId: null, notes: null, makeupCreditId: null },
        metadata: meta(),
      };
      await store.appendOn(client, `lesson-${lessonId}`, [event], 'no_stream');
    }
    await client.query('COMMIT');
    // The seeded history is old news to the sagas (its emails went out long ago): they start at
    // the head. Projections still build their read models from position 0, the real path.
    const { rows } = await client.query<{ head: string }>('SELECT max(position) AS head FROM es_events');
    for (const saga of ['workflow:lesson-scheduling', 'workflow:lesson-changes', 'workflow:teacher-onboarding']) {
      await client.query('INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)', [saga, rows[0].head]);
    }
    client.release();
    process.stdout.write(`seeded ${TEACHERS} teachers, ${studentIds.length} students, ${SEEDED.toLocaleString('en-CA')} lessons in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const port = await freePort();
    app = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'error', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const started = Date.now();
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() - started > 300_000) throw new Error('the app did not become healthy');
      await new Promise((r) => setTimeout(r, 250));
    }
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    // Load only once every projection and saga is live (caught up with the seeded log).
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/admin/projections`, { headers: { authorization: `Bearer ${token}` } });
      const { items } = (await res.json()) as { items: { lagSeconds: number; status: string }[] };
      if (items.every((p) => p.lagSeconds === 0 && p.status === 'live')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stdout.write(`app serving with every read model caught up after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    // Unique (student, slot) per request, in the future, inside the teachers' availability.
    let next = 0;
    const firstDay = Date.parse('2027-03-01T13:00:00Z');
    const booking: autocannon.Request = {
      method: 'POST',
      path: '/api/v1/lessons',
      setupRequest: (req) => {
        const i = next++;
        const student = studentIds[i % studentIds.length];
        const perTeacher = Math.floor(i / TEACHERS);
        const startsAt = new Date(firstDay + Math.floor(perTeacher / 12) * 86_400_000 + (perTeacher % 12) * 3_600_000);
        return { ...req, body: JSON.stringify({ studentId: student, startsAt: startsAt.toISOString(), durationMinutes: 30 }) };
      },
    };
    const post = await load(port, token, [booking], BOOKINGS);

    const teacher = teacherIds[7];
    const week = `from=${encodeURIComponent('2026-06-01T00:00:00-03:00')}&to=${encodeURIComponent('2026-06-08T00:00:00-03:00')}`;
    const list = await load(port, token, [{ method: 'GET', path: `/api/v1/lessons?teacherId=${teacher}&${week}&limit=100` }], 2000);
    const view = await load(port, token, [{ method: 'GET', path: `/api/v1/lessons/schedule/view?teacherId=${teacher}&${week}` }], 2000);

    process.stdout.write(`\n| request (${CONNECTIONS} connections) | requests | p50 ms | p95 ms | p99 ms | req/s | statuses |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n`);
    for (const [name, n, r] of [
      ['POST /api/v1/lessons (each a new booking)', BOOKINGS, post],
      [`GET /api/v1/lessons (one teacher, one week, of ${SEEDED.toLocaleString('en-CA')})`, 2000, list],
      ['GET /api/v1/lessons/schedule/view (one week)', 2000, view],
    ] as const) {
      process.stdout.write(`| ${name} | ${n} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${JSON.stringify(r.statuses)} |\n`);
    }
    await pool.end();
  } finally {
    if (app && app.exitCode === null) {
      app.kill('SIGTERM');
      await new Promise((r) => app!.once('exit', r));
    }
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
