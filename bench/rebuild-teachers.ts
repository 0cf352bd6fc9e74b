import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { migrate } from '../src/database/orm.config';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { NewEvent } from '../src/event-store/event-store.port';
import { deriveId } from '../src/shared/ids';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';
import { INSTRUMENTS } from '../src/teachers/teacher.events';

/**
 * Rebuild of the teachers read model from the log, against a raw SELECT scan of the same rows.
 *   npm run bench:rebuild -- [teachers=20000] [availability changes per teacher=4]
 */
async function main(): Promise<void> {
  const teachers = Number(process.argv[2] ?? 20_000);
  const changesEach = Number(process.argv[3] ?? 4);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-'));
  const db = await startEmbeddedPostgres({ dataDir, logger: { log() {}, debug() {}, warn() {}, error() {} } as never });
  try {
    await migrate(db.url);
    const pool = new Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool);
    const meta = {
      correlationId: 'bench',
      causationId: null,
      actor: { id: 'system', role: 'system' as const },
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    };
    const t0 = Date.now();
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < teachers; i++) {
      const teacherId = deriveId('bench-teacher', String(i));
      const events: NewEvent[] = [
        {
          eventId: deriveId('bench-event', String(i), '0'),
          type: 'TeacherRegistered',
          data: {
            teacherId,
            userId: deriveId('bench-user', String(i)),
            firstName: `First${i}`,
            lastName: `Last${i % 997}`,
            email: `teacher${i}@example.com`,
            instruments: [INSTRUMENTS[i % INSTRUMENTS.length]],
            hourlyRateCents: 6000 + (i % 100) * 100,
            maxStudents: 30,
            availability: { monday: [{ start: '15:00', end: '20:00' }] },
            bio: 'Teaches with patience and humour.',
          },
          metadata: meta,
        },
        ...Array.from({ length: changesEach }, (_, c) => ({
          eventId: deriveId('bench-event', String(i), String(c + 1)),
          type: 'TeacherAvailabilityChanged',
          data: {
            teacherId,
            availability: { tuesday: [{ start: `${String(9 + c).padStart(2, '0')}:00`, end: '18:00' }] },
          },
          metadata: meta,
        })),
      ];
      jobs.push(store.append(`teacher-${teacherId}`, events, 'no_stream'));
      if (jobs.length >= 8) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
    const total = teachers * (1 + changesEach);
    process.stdout.write(
      `generated ${total.toLocaleString('en-CA')} events in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );

    // The floor: read the same rows with a plain SELECT, no folding, no writes.
    const raw = new Client({ connectionString: db.url });
    await raw.connect();
    // Settle the fresh rows first (hint bits, visibility map) so neither side pays for it.
    await raw.query('VACUUM ANALYZE es_events');
    const s0 = process.hrtime.bigint();
    let scanned = 0;
    let after = 0;
    for (;;) {
      const { rows } = await raw.query(
        "SELECT position, data FROM es_events WHERE position > $1 AND type IN ('TeacherRegistered','TeacherAvailabilityChanged') ORDER BY position LIMIT 2000",
        [after],
      );
      if (!rows.length) break;
      scanned += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
    const scanSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
    await raw.end();

    const config = loadConfig({ LOG_LEVEL: 'error', DATA_DIR: dataDir, ADMIN_PASSWORD: 'bench-password-1' });
    const app = await createApp({ config, databaseUrl: db.url, subscriptions: { enabled: false } });
    const heapBefore = process.memoryUsage().rss;
    let peak = heapBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const report = await app.get(SubscriptionsService).rebuild('teachers');
    clearInterval(timer);
    await app.close();
    await pool.end();

    const rows = [
      ['raw SELECT scan (floor)', scanned, scanSeconds],
      ['rebuild teachers read model', report.events, report.milliseconds / 1000],
    ] as const;
    process.stdout.write('\n| what | events | seconds | events/s |\n| --- | ---: | ---: | ---: |\n');
    for (const [what, n, s] of rows) {
      process.stdout.write(
        `| ${what} | ${n.toLocaleString('en-CA')} | ${s.toFixed(2)} | ${Math.round(n / s).toLocaleString('en-CA')} |\n`,
      );
    }
    process.stdout.write(
      `\nrebuild at ${((report.events / (report.milliseconds / 1000) / (scanned / scanSeconds)) * 100).toFixed(0)} % of the raw scan; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB\n`,
    );
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
