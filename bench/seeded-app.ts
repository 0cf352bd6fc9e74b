import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { migrate } from '../src/database/orm.config';
import { NewEvent } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { deriveId } from '../src/shared/ids';
import * as path from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { AppProcess, BenchDatabase, benchDatabase, inspectorProfiler, login, startApp, table } from './support';

/**
 * The academy as the API benchmarks see it: an embedded PostgreSQL seeded with teachers,
 * students and lessons (as events; the app's projections build the read models), the built app
 * in its own process, caught up, and generators of realistic requests.
 */
export const TEACHERS = 50;
const INSTRUMENTS = ['piano', 'guitar', 'violin', 'voice', 'drums'];
const everyDay = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
    d,
    [{ start: '08:00', end: '22:00' }],
  ]),
);
export const meta = () => ({
  correlationId: 'bench',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});

export interface SeededApp {
  db: BenchDatabase;
  app: AppProcess;
  /** where projections and sagas run (BENCH_PROJECTOR) */
  layout: string;
  token: string;
  teacherIds: string[];
  studentIds: string[];
  /** requests for each endpoint under test; commands get fresh data every time */
  requests: Record<
    'floor' | 'floorAuthenticated' | 'listLessons' | 'listTeachers' | 'bookLesson' | 'enroll',
    autocannon.Request
  >;
  /** runs `work`; with BENCH_APP_PROFILE=<dir>, profiles the app's CPU meanwhile into <dir>/<name>.cpuprofile */
  profile<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** forgets the statement counts so far (BENCH_PG_STATEMENTS=1), e.g. after seeding and warm-up */
  resetStatements(): Promise<void>;
  dispose(): Promise<void>;
}

async function resetStatements(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await c.query('SELECT pg_stat_statements_reset()');
  await c.end();
}

async function printStatements(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ calls: string; total_ms: string; mean_ms: string; query: string }>(
    `SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
       FROM pg_stat_statements WHERE toplevel ORDER BY calls DESC LIMIT 25`,
  );
  await c.end();
  process.stdout.write(
    `\nBusiest statements (top-level, since the last reset):\n\n${table(
      ['calls', 'total ms', 'mean ms', 'statement'],
      rows.map((r) => [r.calls, r.total_ms, r.mean_ms, r.query.replace(/\|/g, '\\|')]),
    )}`,
  );
}

export async function seededApp(
  options: { lessons?: number; students?: number; nodeArgs?: string[] } = {},
): Promise<SeededApp> {
  const lessons = options.lessons ?? 20_000;
  const students = options.students ?? 5_000;
  // BENCH_PG_STATEMENTS=1: the server counts statements (pg_stat_statements); the busiest are printed at the end.
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  const db = await benchDatabase(
    'api',
    statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : undefined,
  );
  await migrate(db.url);
  if (statements) await resetStatements(db.url);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  const store = new PostgresEventStore(pool);
  const teacherIds = Array.from({ length: TEACHERS }, (_, i) => deriveId('bench-teacher', String(i)));
  const studentIds = Array.from({ length: students }, (_, i) => deriveId('bench-student', String(i)));
  const client = await pool.connect();
  await client.query('BEGIN');
  for (const [i, teacherId] of teacherIds.entries()) {
    await store.appendOn(
      client,
      `teacher-${teacherId}`,
      [
        {
          eventId: deriveId('bench-ev', teacherId),
          type: 'TeacherRegistered',
          data: {
            teacherId,
            userId: deriveId('bench-user', teacherId),
            firstName: `T${i}`,
            lastName: 'Bench',
            email: `t${i}@bench.test`,
            instruments: INSTRUMENTS,
            hourlyRateCents: 8000,
            maxStudents: 10_000,
            availability: everyDay,
            bio: null,
          },
          metadata: meta(),
        },
      ],
      'no_stream',
    );
  }
  for (const [i, studentId] of studentIds.entries()) {
    if (i % 500 === 0) {
      await client.query('COMMIT');
      await client.query('BEGIN');
    }
    await store.appendOn(
      client,
      `student-${studentId}`,
      [
        {
          eventId: deriveId('bench-ev', studentId, 'e'),
          type: 'StudentEnrolled',
          data: {
            studentId,
            parentId: deriveId('bench-parent', studentId),
            enrollmentId: null,
            firstName: `S${i}`,
            lastName: 'Bench',
            dateOfBirth: '2014-01-01',
            instrument: 'piano',
            skillLevel: 'beginner',
            lessonRateCents: 4500,
            lessonDurationMinutes: 30,
            preferredLessonDay: null,
            preferredLessonTime: null,
          },
          metadata: meta(),
        },
        {
          eventId: deriveId('bench-ev', studentId, 'a'),
          type: 'TeacherAssigned',
          data: { studentId, teacherId: teacherIds[i % TEACHERS] },
          metadata: meta(),
        },
      ],
      'no_stream',
    );
  }
  const base = Date.parse('2026-01-05T13:00:00Z');
  for (let i = 0; i < lessons; i++) {
    if (i % 1000 === 0) {
      await client.query('COMMIT');
      await client.query('BEGIN');
    }
    const slot = Math.floor(i / TEACHERS);
    const startsAt = new Date(base + Math.floor(slot / 12) * 86_400_000 + (slot % 12) * 3_600_000);
    const lessonId = deriveId('bench-lesson', String(i));
    const event: NewEvent = {
      eventId: deriveId('bench-ev', lessonId),
      type: 'LessonScheduled',
      data: {
        lessonId,
        studentId: studentIds[i % studentIds.length],
        teacherId: teacherIds[i % TEACHERS],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
        durationMinutes: 30,
        lessonType: 'regular',
        seriesId: null,
        notes: null,
        makeupCreditId: null,
      },
      metadata: meta(),
    };
    await store.appendOn(client, `lesson-${lessonId}`, [event], 'no_stream');
  }
  await client.query('COMMIT');
  // The seeded history is old news to the sagas (its emails went out long ago): they start at the head.
  const { rows } = await client.query<{ head: string }>('SELECT max(position) AS head FROM es_events');
  for (const saga of ['workflow:lesson-scheduling', 'workflow:lesson-changes', 'workflow:teacher-onboarding']) {
    await client.query('INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)', [saga, rows[0].head]);
  }
  client.release();
  await pool.end();

  // BENCH_APP_PROFILE=<dir>: CPU profiles of the app over each measured window go there (npm run bench:profile reads them).
  const profileDir = process.env.BENCH_APP_PROFILE;
  const inspectPort = profileDir ? await freePort() : 0;
  const nodeArgs = [...(options.nodeArgs ?? []), ...(profileDir ? [`--inspect=127.0.0.1:${inspectPort}`] : [])];
  // BENCH_PROJECTOR=separate: projections, sagas and jobs run in a second app process, and the one
  // under load only follows their checkpoints (SUBSCRIPTIONS_MODE=follow): the README's two-process layout.
  // BENCH_PROJECTOR=projections: the projections alone run in a second process; the one under load
  // runs the sagas and jobs (SUBSCRIPTIONS_MODE=sagas), so workflow work cannot delay the read models.
  const separate = process.env.BENCH_PROJECTOR === 'separate';
  const projectionsApart = process.env.BENCH_PROJECTOR === 'projections';
  const projector =
    separate || projectionsApart
      ? await startApp(db.url, db.dataDir, {
          SUBSCRIPTIONS_MODE: separate ? 'run' : 'projections',
          ...(projectionsApart ? { JOBS_ENABLED: 'false' } : {}),
        })
      : undefined;
  const app = await startApp(
    db.url,
    db.dataDir,
    separate
      ? { SUBSCRIPTIONS_MODE: 'follow', JOBS_ENABLED: 'false' }
      : projectionsApart
        ? { SUBSCRIPTIONS_MODE: 'sagas' }
        : {},
    nodeArgs,
  );
  const profiler = profileDir ? await inspectorProfiler(inspectPort) : undefined;
  const token = await login(app.base);
  for (const started = Date.now(); ;) {
    const res = await fetch(`${(projector ?? app).base}/api/v1/admin/projections`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { items } = (await res.json()) as { items: { lagSeconds: number; status: string }[] };
    if (items.every((p) => p.lagSeconds === 0 && (p.status === 'live' || (projectionsApart && p.status === 'standby'))))
      break;
    if (Date.now() - started > 300_000) throw new Error('read models did not catch up');
    await new Promise((r) => setTimeout(r, 500));
  }

  let booking = 0;
  let enrollment = 0;
  const firstDay = Date.parse('2027-03-01T12:00:00Z');
  const week = `from=${encodeURIComponent('2026-06-01T00:00:00-03:00')}&to=${encodeURIComponent('2026-06-08T00:00:00-03:00')}`;
  return {
    db,
    app,
    layout: separate
      ? 'projections, sagas and jobs in a second process'
      : projectionsApart
        ? 'projections alone in a second process'
        : 'one process',
    token,
    teacherIds,
    studentIds,
    requests: {
      floor: { method: 'GET', path: '/health/live' },
      floorAuthenticated: { method: 'GET', path: '/api/v1/auth/me' },
      listLessons: { method: 'GET', path: `/api/v1/lessons?teacherId=${teacherIds[7]}&${week}&limit=50` },
      listTeachers: { method: 'GET', path: '/api/v1/teachers?limit=50' },
      bookLesson: {
        method: 'POST',
        path: '/api/v1/lessons',
        setupRequest: (req) => {
          // A different student and a free slot of that student's teacher every time.
          const i = booking++;
          const perTeacher = Math.floor(i / TEACHERS);
          const startsAt = new Date(
            firstDay + Math.floor(perTeacher / 12) * 86_400_000 + (perTeacher % 12) * 3_600_000,
          );
          return {
            ...req,
            body: JSON.stringify({
              studentId: studentIds[i % studentIds.length],
              startsAt: startsAt.toISOString(),
              durationMinutes: 30,
            }),
          };
        },
      },
      enroll: {
        method: 'POST',
        path: '/api/v1/enrollments',
        setupRequest: (req) => {
          const i = enrollment++;
          return {
            ...req,
            body: JSON.stringify({
              studentFirstName: `Kid${i}`,
              studentLastName: 'Bench',
              studentDateOfBirth: '2014-06-01',
              parentFirstName: 'Pat',
              parentLastName: `Bench${i}`,
              parentEmail: `parent${i}-${process.pid}@bench.test`,
              parentPhone: '9025550100',
              instrument: INSTRUMENTS[i % INSTRUMENTS.length],
              preferredLessonDay: 'wednesday',
              preferredLessonTime: 'evening',
              lessonDuration: 30,
              paymentToken: 'pm_card_visa',
              agreedToTerms: true,
            }),
          };
        },
      },
    },
    profile(name, work) {
      return profiler ? profiler.profile(path.join(profileDir!, `${name}.cpuprofile`), work) : work();
    },
    async resetStatements() {
      if (statements) await resetStatements(db.url);
    },
    async dispose() {
      profiler?.close();
      if (statements) await printStatements(db.url);
      await app.stop();
      await projector?.stop();
      await db.dispose();
    },
  };
}
