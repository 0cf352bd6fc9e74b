import 'reflect-metadata';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { Pool } from 'pg';
import { AuditLogService } from '../src/audit/audit-log.service';
import { exportLog, verifyExportFile } from '../src/audit/log-export';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { migrate } from '../src/database/orm.config';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { SystemClock } from '../src/shared/clock';

/**
 * Export and verification of a large log, generated in SQL through es_append (so every event
 * is hashed and chained as in production).
 *   npm run bench:export -- [events=1000000] [events per stream=10]
 */
const STREAMS_PER_STATEMENT = 5_000;

async function measure<T>(what: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  try {
    const result = await what();
    return {
      result,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      peakRss: Math.max(peakRss, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const perStream = Number(process.argv[3] ?? 10);
  const streams = Math.ceil(total / perStream);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-export-'));
  const db = await startEmbeddedPostgres({ dataDir, logger: { log() {}, debug() {}, warn() {}, error() {} } as never });
  try {
    await migrate(db.url);
    const pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);

    const g0 = Date.now();
    for (let first = 0; first < streams; first += STREAMS_PER_STATEMENT) {
      const last = Math.min(streams, first + STREAMS_PER_STATEMENT) - 1;
      // One statement (one transaction) appends to 5,000 streams: each append hashes its events in es_append.
      await pool.query(
        `SELECT count(*) FROM generate_series($1::int, $2::int) AS s, LATERAL es_append('bench-' || s, 'no_stream', (
           SELECT jsonb_agg(jsonb_build_object(
             'id', gen_random_uuid(),
             'type', CASE WHEN k = 1 THEN 'BenchLessonScheduled' ELSE 'BenchLessonRescheduled' END,
             'data', jsonb_build_object('lessonId', md5(s::text), 'teacherId', md5((s % 997)::text), 'studentId', md5((s % 9973)::text),
                                        'startsAt', '2026-11-23T19:00:00.000Z', 'durationMinutes', 30, 'priceCents', 4500, 'note', 'Bring the Czerny études.'),
             'metadata', jsonb_build_object('correlationId', gen_random_uuid()::text, 'causationId', null,
                                            'actor', jsonb_build_object('id', 'system', 'role', 'system'),
                                            'occurredAt', '2026-11-22T10:00:00.000Z', 'schemaVersion', 1)) ORDER BY k)
             FROM generate_series(1, $3::int) AS k))`,
        [first, last, perStream],
      );
      process.stderr.write(`\rgenerated ${((last + 1) * perStream).toLocaleString('en-CA')} events`);
    }
    process.stderr.write('\n');
    const generated = Number((await pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n);
    const generateSeconds = (Date.now() - g0) / 1000;
    await pool.query('VACUUM ANALYZE es_events');

    const store = new PostgresEventStore(pool);
    const file = path.join(dataDir, 'export.ndjson');
    const exported = await measure(async () => {
      const out = createWriteStream(file);
      const r = await exportLog(store, {}, out);
      out.end();
      await finished(out);
      return r;
    });
    const size = statSync(file).size;
    const offline = await measure(() => verifyExportFile(file));
    const online = await measure(() => new AuditLogService(store, new SystemClock()).verify());
    await store.close();
    await pool.end();
    if (!offline.result.ok || !online.result.ok)
      throw new Error(
        `verification failed: ${JSON.stringify(offline.result.firstBroken ?? online.result.firstBroken)}`,
      );

    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const rows = [
      ['export (NDJSON file)', exported.result.events, exported.seconds, exported.peakRss],
      ['verify the export file offline', offline.result.eventsChecked, offline.seconds, offline.peakRss],
      ['verify the live log', online.result.eventsChecked, online.seconds, online.peakRss],
    ] as const;
    process.stdout.write(
      `\n${generated.toLocaleString('en-CA')} events in ${streams.toLocaleString('en-CA')} streams generated through es_append in ${generateSeconds.toFixed(1)} s ` +
        `(${Math.round(generated / generateSeconds).toLocaleString('en-CA')} events/s); export file ${mib(size)}\n`,
    );
    process.stdout.write('\n| what | events | seconds | events/s | peak RSS |\n| --- | ---: | ---: | ---: | ---: |\n');
    for (const [what, n, s, rss] of rows) {
      process.stdout.write(
        `| ${what} | ${n.toLocaleString('en-CA')} | ${s.toFixed(2)} | ${Math.round(n / s).toLocaleString('en-CA')} | ${mib(rss)} |\n`,
      );
    }
    process.stdout.write(`\nprocess peak RSS (getrusage): ${mib(process.resourceUsage().maxRSS * 1024)}\n`);
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
