import 'reflect-metadata';
import { seededApp } from './seeded-app';
import { load, LoadResult, machine, run, table } from './support';

/**
 * The API under load: autocannon in this process, the built app in its own, on the embedded
 * PostgreSQL seeded with 50 teachers, 5,000 students and 20,000 lessons (or as many as asked).
 * A no-op endpoint (GET /health/live, no token checked) is the framework's floor; each endpoint's
 * p50/p99 is shown against it. Every API endpoint also verifies a JWT and passes the guards, so a
 * second, authenticated floor is shown beside it: GET /api/v1/auth/me (JWT verification, the
 * guards, one read of the signed-in user by primary key).
 *   npm run bench:api -- [seconds per endpoint=10] [connections=10] [seeded lessons=20000]
 * BENCH_ENDPOINTS=floor,bookLesson measures only those (floor, floorAuthenticated, listLessons, listTeachers, bookLesson, enroll);
 * BENCH_APP_PROFILE=<dir> has the app write a CPU profile there (summarize it with npm run bench:profile).
 */
const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 10);
const LESSONS = Number(process.argv[4] ?? 20_000);

type Kind = 'read' | 'command' | 'floor' | 'authFloor';

async function main(): Promise<void> {
  const s = await seededApp({ lessons: LESSONS });
  try {
    const measure = async (name: keyof typeof s.requests) => {
      // a short warm-up (JIT, pools, plans), then the measured run
      await load({
        base: s.app.base,
        token: s.token,
        connections: CONNECTIONS,
        duration: 2,
        requests: [s.requests[name]],
      });
      await s.resetStatements();
      return s.profile(`api-${name}`, () =>
        load({
          base: s.app.base,
          token: s.token,
          connections: CONNECTIONS,
          duration: SECONDS,
          requests: [s.requests[name]],
        }),
      );
    };
    const endpoints: [keyof typeof s.requests, string, Kind][] = [
      ['floor', 'GET /health/live (floor: no-op, no token)', 'floor'],
      ['floorAuthenticated', 'GET /api/v1/auth/me (authenticated floor: JWT + guards + one read by id)', 'authFloor'],
      ['listLessons', 'GET /api/v1/lessons (one teacher, one week)', 'read'],
      ['listTeachers', 'GET /api/v1/teachers', 'read'],
      ['bookLesson', 'POST /api/v1/lessons (new booking)', 'command'],
      ['enroll', 'POST /api/v1/enrollments', 'command'],
    ];
    const only = process.env.BENCH_ENDPOINTS?.split(',');
    const results: [string, Kind, LoadResult][] = [];
    for (const [key, name, kind] of endpoints) {
      if (!only || only.includes(key)) results.push([name, kind, await measure(key)]);
    }
    const floor = results.find(([, kind]) => kind === 'floor')?.[2];
    const authFloor = results.find(([, kind]) => kind === 'authFloor')?.[2];
    process.stdout.write(
      `\nAPI under load: ${CONNECTIONS} connections, ${SECONDS} s per endpoint (${machine()}; ${s.layout})\n\n`,
    );
    process.stdout.write(
      table(
        [
          'endpoint',
          'requests',
          'p50 ms',
          'p99 ms',
          'req/s',
          'p50 / floor',
          'p99 / floor',
          'p99 / authenticated floor',
          'target p99',
          'statuses',
        ],
        results.map(([name, kind, r]) => [
          name,
          r.requests,
          r.p50,
          r.p99,
          r.rps,
          floor ? `${(r.p50 / floor.p50).toFixed(1)}×` : '',
          floor ? `${(r.p99 / floor.p99).toFixed(1)}×` : '',
          authFloor && kind !== 'floor' ? `${(r.p99 / authFloor.p99).toFixed(1)}×` : '',
          kind === 'read' ? '≤ 1.5×' : kind === 'command' ? '≤ 3×' : '',
          JSON.stringify(r.statuses),
        ]),
      ),
    );
  } finally {
    await s.dispose();
  }
}

run(main);
