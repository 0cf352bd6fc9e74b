import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { migrate } from '../src/database/orm.config';
import { EventStore, NewEvent } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { EncryptingEventStore } from '../src/privacy/encrypting-event-store';
import { PrivateStreamIds } from '../src/privacy/private-stream-ids';
import { FamilyKeys } from '../src/privacy/family-keys';
import { resolveMasterKey } from '../src/privacy/master-key';
import { deriveId } from '../src/shared/ids';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';

/**
 * Rebuild of every read model from a generated log of families (enrollment, parent account,
 * student, lessons with notes), with the personal data encrypted per family as the app stores it.
 *   npm run build && node dist/bench/rebuild-all.js [families=4000] [lessons per student=8]
 * Prints events/s per projection, the scan of the log with and without decryption, and peak RSS.
 */
const FAMILIES = Number(process.argv[2] ?? 4000);
const LESSONS = Number(process.argv[3] ?? 8);
const TEACHERS = 50;
const DATA_KEY = 'bench-data-encryption-key-0123456789abcdef';

const meta = (at: string) => ({
  correlationId: 'bench',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: at,
  schemaVersion: 1,
});
const id = (...parts: (string | number)[]) => deriveId('bench-all', ...parts.map(String));
const ev = (key: string, type: string, data: unknown, at = '2026-09-01T12:00:00.000Z'): NewEvent => ({
  eventId: id('event', key),
  type,
  data,
  metadata: meta(at),
});

function familyStreams(f: number): [string, NewEvent[]][] {
  const parentId = id('parent', f);
  const enrollmentId = id('enrollment', f);
  const studentId = id('student', f);
  const teacherId = id('teacher', f % TEACHERS);
  const email = `parent${f}@families.test`;
  const streams: [string, NewEvent[]][] = [
    [
      `enrollment-${enrollmentId}`,
      [
        ev(`${f}-sub`, 'EnrollmentSubmitted', {
          enrollmentId,
          application: {
            studentFirstName: `Kid${f}`,
            studentLastName: `Family${f}`,
            studentDateOfBirth: '2015-04-01',
            studentEmail: null,
            parentFirstName: `Parent${f}`,
            parentLastName: `Family${f}`,
            parentEmail: email,
            parentPhone: '+19025550100',
            instrument: 'piano',
            preferredLessonDay: 'monday',
            preferredLessonTime: 'afternoon',
            lessonDurationMinutes: 30,
            paymentToken: 'pm_card_visa',
          },
        }),
        ev(`${f}-val`, 'EnrollmentValidated', { enrollmentId, ageYears: 11 }),
        ev(`${f}-pay`, 'PaymentMethodSetUp', {
          enrollmentId,
          parentId,
          studentId,
          customerId: `cus_${f}`,
          paymentMethodId: `pm_${f}`,
          brand: 'visa',
          last4: '4242',
        }),
        ev(`${f}-demo`, 'DemoScheduled', {
          enrollmentId,
          lessonId: id('lesson', f, 'demo'),
          teacherId,
          startsAt: '2026-09-07T19:00:00.000Z',
          endsAt: '2026-09-07T19:30:00.000Z',
        }),
        ev(`${f}-done`, 'EnrollmentCompleted', { enrollmentId }),
      ],
    ],
    [
      `user-${parentId}`,
      [
        ev(`${f}-user`, 'UserRegistered', {
          userId: parentId,
          email,
          role: 'parent',
          displayName: `Parent${f} Family${f}`,
          teacherId: null,
        }),
      ],
    ],
    [
      `student-${studentId}`,
      [
        ev(`${f}-stu`, 'StudentEnrolled', {
          studentId,
          parentId,
          enrollmentId,
          firstName: `Kid${f}`,
          lastName: `Family${f}`,
          dateOfBirth: '2015-04-01',
          instrument: 'piano',
          skillLevel: 'beginner',
          lessonRateCents: 3000,
          lessonDurationMinutes: 30,
          preferredLessonDay: 'monday',
          preferredLessonTime: null,
        }),
        ev(`${f}-assign`, 'TeacherAssigned', { studentId, teacherId, enrollmentId }),
      ],
    ],
  ];
  for (let l = 0; l < LESSONS; l++) {
    const lessonId = id('lesson', f, l);
    const startsAt = new Date(Date.UTC(2026, 8, 14 + l * 7, 19)).toISOString();
    const endsAt = new Date(Date.UTC(2026, 8, 14 + l * 7, 19, 30)).toISOString();
    streams.push([
      `lesson-${lessonId}`,
      [
        ev(`${f}-l${l}`, 'LessonScheduled', {
          lessonId,
          studentId,
          teacherId,
          startsAt,
          endsAt,
          durationMinutes: 30,
          lessonType: 'regular',
          seriesId: null,
          notes: `bring book ${l}`,
          makeupCreditId: null,
        }),
        ev(`${f}-c${l}`, 'LessonCompleted', { lessonId, notes: `Kid${f} practised scales` }),
      ],
    ]);
  }
  return streams;
}

async function generate(store: EventStore): Promise<number> {
  let total = 0;
  for (let t = 0; t < TEACHERS; t++) {
    const teacherId = id('teacher', t);
    const events = [
      ev(`t${t}`, 'TeacherRegistered', {
        teacherId,
        userId: id('teacher-user', t),
        firstName: `Teacher${t}`,
        lastName: 'Bench',
        email: `teacher${t}@bench.test`,
        instruments: ['piano'],
        hourlyRateCents: 8000,
        maxStudents: 1000,
        availability: { monday: [{ start: '09:00', end: '21:00' }] },
        bio: null,
      }),
    ];
    await store.append(`teacher-${teacherId}`, events, 'no_stream');
    total += events.length;
  }
  // Families are independent: 16 at a time; within one, its streams in order (the student before its lessons).
  let next = 0;
  const worker = async () => {
    for (let f = next++; f < FAMILIES; f = next++) {
      for (const [stream, events] of familyStreams(f)) {
        await store.append(stream, events, 'no_stream');
        total += events.length;
      }
      if (f % 200 === 0)
        process.stderr.write(`\rgenerating: ${f}/${FAMILIES} families, ${total.toLocaleString('en-CA')} events`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  process.stderr.write('\n');
  return total;
}

async function scan(store: EventStore): Promise<{ events: number; seconds: number }> {
  const t0 = process.hrtime.bigint();
  let after = 0;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: 2000 });
    if (!batch.length) break;
    events += batch.length;
    after = batch[batch.length - 1].position;
  }
  return { events, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-bench-all-'));
  const db = await startEmbeddedPostgres({ dataDir, logger: { log() {}, debug() {}, warn() {}, error() {} } as never });
  try {
    await migrate(db.url);
    const pool = new Pool({ connectionString: db.url, max: 8 });
    pool.on('error', () => undefined);
    const inner = new PostgresEventStore(pool);
    const master = resolveMasterKey({ dataDir, dataEncryptionKey: DATA_KEY });
    const keys = new FamilyKeys(pool, master);
    const sealed = new EncryptingEventStore(inner, keys, pool, PrivateStreamIds.fromMasterKey(master), inner);
    const g0 = Date.now();
    const total = await generate(sealed);
    process.stdout.write(
      `generated ${total.toLocaleString('en-CA')} events (${FAMILIES} families) through the encrypting store in ${((Date.now() - g0) / 1000).toFixed(1)} s\n`,
    );
    await pool.query('VACUUM ANALYZE es_events');
    const plain = await scan(inner);
    const decrypted = await scan(sealed);

    const config = loadConfig({
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'bench-password-1',
      DATA_ENCRYPTION_KEY: DATA_KEY,
    });
    const app = await createApp({ config, databaseUrl: db.url, subscriptions: { enabled: false } });
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const subscriptions = app.get(SubscriptionsService);
    const rows: [string, number, number][] = [
      ['scan of the log, stored bytes (floor)', plain.events, plain.seconds],
      ['scan of the log, decrypted', decrypted.events, decrypted.seconds],
    ];
    let allEvents = 0;
    let allSeconds = 0;
    for (const name of ['teachers', 'users', 'students', 'enrollments', 'lessons']) {
      const report = await subscriptions.rebuild(name);
      // The live tables are empty here (no subscription ran): every row shows up as only-rebuilt.
      rows.push([`rebuild ${name}`, report.events, report.milliseconds / 1000]);
      allEvents += report.events;
      allSeconds += report.milliseconds / 1000;
    }
    rows.push(['rebuild of every read model (sum)', allEvents, allSeconds]);
    clearInterval(timer);
    await app.close();
    await pool.end();
    process.stdout.write('\n| what | events | seconds | events/s |\n| --- | ---: | ---: | ---: |\n');
    for (const [what, n, s] of rows) {
      process.stdout.write(
        `| ${what} | ${n.toLocaleString('en-CA')} | ${s.toFixed(2)} | ${Math.round(n / s).toLocaleString('en-CA')} |\n`,
      );
    }
    process.stdout.write(
      `\npeak RSS during the rebuilds ${(peak / 2 ** 20).toFixed(0)} MiB (before: ${(rssBefore / 2 ** 20).toFixed(0)} MiB)\n`,
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
