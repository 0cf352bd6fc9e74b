import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { meta, seededApp, SeededApp, TEACHERS } from './seeded-app';
import { load, machine, percentile, run, table } from './support';

/**
 * Projection lag: from an append's commit to the row being visible in the lessons read model,
 * idle and under API load (POST /api/v1/lessons, POST /api/v1/enrollments and GET /api/v1/lessons
 * from autocannon). The probe appends LessonScheduled events to the store from this process, as
 * another instance would (the app hears of them through LISTEN/NOTIFY), and polls the table.
 *   npm run bench:lag -- [seconds under load=20] [connections=10] [fixed request rate, req/s]
 */
const SECONDS = Number(process.argv[2] ?? 20);
const CONNECTIONS = Number(process.argv[3] ?? 10);
/** optional: a fixed request rate for the load instead of as fast as the app answers */
const RATE = process.argv[4] ? Number(process.argv[4]) : undefined;

async function probe(s: SeededApp, until: () => boolean, pauseMs = 25): Promise<number[]> {
  const pool = new Pool({ connectionString: s.db.url, max: 2 });
  const store = new PostgresEventStore(pool, undefined, { connectionString: s.db.url });
  const reader = new Client({ connectionString: s.db.url });
  await reader.connect();
  const lags: number[] = [];
  let i = 0;
  try {
    while (until()) {
      const lessonId = randomUUID();
      const startsAt = new Date(Date.parse('2031-01-06T13:00:00Z') + i++ * 3_600_000);
      const data = {
        lessonId,
        studentId: s.studentIds[i % s.studentIds.length],
        teacherId: s.teacherIds[i % TEACHERS],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
        durationMinutes: 30,
        lessonType: 'regular',
        seriesId: null,
        notes: null,
        makeupCreditId: null,
      };
      await store.append(
        `lesson-${lessonId}`,
        [{ eventId: randomUUID(), type: 'LessonScheduled', data, metadata: meta() }],
        'no_stream',
      );
      const committed = performance.now();
      for (let tries = 0; ; tries++) {
        const { rowCount } = await reader.query('SELECT 1 FROM lessons WHERE id = $1', [lessonId]);
        if (rowCount) break;
        if (tries > 20_000) throw new Error(`lesson ${lessonId} never became visible`);
        await new Promise((r) => setTimeout(r, 1)); // poll every ~1 ms without hogging a core
      }
      lags.push(performance.now() - committed);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  } finally {
    await reader.end();
    await store.close();
    await pool.end();
  }
  return lags.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const s = await seededApp();
  try {
    const idleUntil = Date.now() + 10_000;
    const idle = await probe(s, () => Date.now() < idleUntil);
    let loading = true;
    const background = load({
      base: s.app.base,
      token: s.token,
      connections: CONNECTIONS,
      duration: SECONDS,
      rate: RATE,
      requests: [s.requests.bookLesson, s.requests.listLessons, s.requests.enroll, s.requests.listLessons],
    }).finally(() => (loading = false));
    await new Promise((r) => setTimeout(r, 1000));
    const loaded = await probe(s, () => loading);
    const traffic = await background;
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(
      `\nProjection lag, append committed → row visible in the lessons read model (${machine()}; ${s.layout})\n\n`,
    );
    process.stdout.write(
      table(
        ['condition', 'samples', 'p50 ms', 'p99 ms', 'max ms', 'target p99'],
        [
          ['idle', idle.length, f(percentile(idle, 50)), f(percentile(idle, 99)), f(idle[idle.length - 1]), '< 50 ms'],
          [
            `under load (${CONNECTIONS} connections, ${traffic.rps} req/s mixed, statuses ${JSON.stringify(traffic.statuses)})`,
            loaded.length,
            f(percentile(loaded, 50)),
            f(percentile(loaded, 99)),
            f(loaded[loaded.length - 1]),
            '< 50 ms',
          ],
        ],
      ),
    );
  } finally {
    await s.dispose();
  }
}

run(main);
