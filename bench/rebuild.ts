import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { migrate } from '../src/database/orm.config';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';
import { benchDatabase, machine, run, table } from './support';

/**
 * Rebuild of every read model from position 0 over a generated log of realistic events
 * (default 1,000,000): enrollments (submitted → completed, students, teacher assignment, demo),
 * lessons (scheduled, then completed or cancelled) and payments (PaymentRequested /
 * PaymentSucceeded).
 * The log is written through the event store the app uses (the encrypting decorator over the
 * PostgreSQL adapter), so families' personal data is stored encrypted as in production and the
 * rebuild, reading through the same store and the app's projections, pays for decrypting it.
 * Beside it, a raw SELECT scan of the same rows, before and after the rebuild: a read-only floor
 * (the rows read in position order, nothing decrypted, decoded beyond the driver's JSON, or
 * applied), not something a rebuild could reach.
 *   npm run bench:rebuild -- [events=1000000]
 */
const TARGET = Number(process.argv[2] ?? 1_000_000);
const TEACHERS = 100;
const LESSONS_PER_STUDENT = 8;
const INSTRUMENTS = ['piano', 'guitar', 'violin', 'voice', 'drums'];

interface Row {
  /** the teachers, or one family's enrollment with its lessons and payments: appended in order */
  unit: string;
  stream_id: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
}

function* generate(): Generator<Row> {
  let t = Date.parse('2025-09-01T12:00:00Z');
  const meta = (correlationId: string) => ({
    correlationId,
    causationId: null,
    actor: { id: 'system', role: 'system' },
    occurredAt: new Date((t += 1000)).toISOString(),
    schemaVersion: 1,
  });
  let unit = 'teachers';
  const stream =
    (id: string) =>
    (type: string, data: unknown, correlationId: string): Row => ({
      unit,
      stream_id: id,
      event_id: randomUUID(),
      type,
      data,
      metadata: meta(correlationId),
    });
  const teacherIds = Array.from({ length: TEACHERS }, () => randomUUID());
  for (const [i, teacherId] of teacherIds.entries()) {
    yield stream(`teacher-${teacherId}`)(
      'TeacherRegistered',
      {
        teacherId,
        userId: randomUUID(),
        firstName: `T${i}`,
        lastName: 'Rebuild',
        email: `t${i}@rebuild.test`,
        instruments: [INSTRUMENTS[i % 5]],
        hourlyRateCents: 8000,
        maxStudents: 100_000,
        availability: { monday: [{ start: '09:00', end: '21:00' }] },
        bio: null,
      },
      'seed',
    );
  }
  for (let u = 0; ; u++) {
    unit = `family-${u}`;
    const enrollmentId = randomUUID();
    const studentId = randomUUID();
    const parentId = randomUUID();
    const teacherId = teacherIds[u % TEACHERS];
    const run = randomUUID();
    const instrument = INSTRUMENTS[u % 5];
    const enrollment = stream(`enrollment-${enrollmentId}`);
    const student = stream(`student-${studentId}`);
    const application = {
      studentFirstName: `Kid${u}`,
      studentLastName: 'Rebuild',
      studentDateOfBirth: '2014-06-01',
      parentFirstName: 'Pat',
      parentLastName: `R${u}`,
      parentEmail: `parent${u}@rebuild.test`,
      parentPhone: '9025550100',
      instrument,
      preferredLessonDay: 'monday',
      lessonDuration: 30,
      agreedToTerms: true,
    };
    yield enrollment('EnrollmentSubmitted', { enrollmentId, application }, run);
    yield enrollment('EnrollmentValidated', { enrollmentId, ageYears: 11 }, run);
    yield student(
      'StudentEnrolled',
      {
        studentId,
        parentId,
        enrollmentId,
        firstName: `Kid${u}`,
        lastName: 'Rebuild',
        dateOfBirth: '2014-06-01',
        instrument,
        skillLevel: 'beginner',
        lessonRateCents: 4500,
        lessonDurationMinutes: 30,
        preferredLessonDay: 'monday',
        preferredLessonTime: null,
      },
      run,
    );
    yield enrollment(
      'PaymentMethodSetUp',
      {
        enrollmentId,
        parentId,
        studentId,
        customerId: `cus_${u}`,
        paymentMethodId: `pm_${u}`,
        brand: 'visa',
        last4: '4242',
      },
      run,
    );
    yield student('TeacherAssigned', { studentId, teacherId, enrollmentId }, run);
    const demoId = randomUUID();
    yield enrollment(
      'DemoScheduled',
      {
        enrollmentId,
        lessonId: demoId,
        teacherId,
        startsAt: new Date(t + 86_400_000).toISOString(),
        endsAt: new Date(t + 88_200_000).toISOString(),
      },
      run,
    );
    yield enrollment('EnrollmentCompleted', { enrollmentId }, run);
    for (let l = 0; l < LESSONS_PER_STUDENT; l++) {
      const lessonId = l === 0 ? demoId : randomUUID();
      const lesson = stream(`lesson-${lessonId}`);
      const startsAt = new Date(Date.parse('2025-09-08T13:00:00Z') + (u % 2000) * 1_800_000 + l * 7 * 86_400_000);
      const corr = randomUUID();
      yield lesson(
        'LessonScheduled',
        {
          lessonId,
          studentId,
          teacherId,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
          durationMinutes: 30,
          lessonType: l === 0 ? 'demo' : 'regular',
          seriesId: null,
          notes: null,
          makeupCreditId: null,
        },
        corr,
      );
      if (l % 7 === 6)
        yield lesson('LessonCancelled', { lessonId, reason: 'sick', initiatedBy: 'parent', makeupCredit: true }, corr);
      else yield lesson('LessonCompleted', { lessonId, notes: l % 3 ? null : 'scales in G major' }, corr);
      const paymentId = randomUUID();
      const payment = stream(`payment-${paymentId}`);
      yield payment(
        'PaymentRequested',
        {
          paymentId,
          lessonId,
          studentId,
          parentId,
          amountCents: 4500,
          currency: 'CAD',
          description: `${instrument} lesson`,
          paymentMethodId: `pm_${u}`,
          customerId: `cus_${u}`,
          instrument,
          teacherId,
        },
        corr,
      );
      yield payment(
        'PaymentSucceeded',
        {
          paymentId,
          attempt: 1,
          paymentIntentId: `pi_${paymentId.slice(0, 12)}`,
          amountCents: 4500,
          source: 'gateway',
          stripeEventId: null,
        },
        corr,
      );
    }
  }
}

/**
 * Appends the generated log through the app's event store, many appends in flight (the adapter
 * batches them). Events that follow from one another stay in order, as the app's workflows
 * write them: the teachers first, then each family's events (its enrollment, student, lessons,
 * payments) one after another, families side by side.
 */
async function writeLog(store: EventStore, total: number): Promise<Map<string, number>> {
  const types = new Map<string, number>();
  const tails = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  const events = generate();
  let teachersDone = false;
  for (let written = 0; written < total; written++) {
    const r = events.next().value as Row;
    if (!teachersDone && r.unit !== 'teachers') {
      await Promise.all(inFlight);
      teachersDone = true;
    }
    types.set(r.type, (types.get(r.type) ?? 0) + 1);
    const previous = tails.get(r.unit) ?? Promise.resolve();
    const appended: Promise<unknown> = previous.then(() =>
      store.append(
        r.stream_id,
        [{ eventId: r.event_id, type: r.type, data: r.data as never, metadata: r.metadata as never }],
        'any',
      ),
    );
    tails.set(r.unit, appended);
    inFlight.add(appended);
    void appended.then(
      () => {
        inFlight.delete(appended);
        if (tails.get(r.unit) === appended) tails.delete(r.unit);
      },
      () => undefined,
    );
    if (inFlight.size >= 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return types;
}

/** The floor: every row of the log read in position order, nothing decrypted, decoded beyond the driver's JSON, or applied. */
async function rawScan(url: string): Promise<{ scanned: number; seconds: number }> {
  const raw = new Client({ connectionString: url });
  await raw.connect();
  try {
    const s0 = process.hrtime.bigint();
    let scanned = 0;
    for (let after = 0; ;) {
      const { rows } = await raw.query(
        'SELECT position, stream_id, type, data, metadata, recorded_at FROM es_events WHERE position > $1 ORDER BY position LIMIT 2000',
        [after],
      );
      if (!rows.length) break;
      scanned += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
    return { scanned, seconds: Number(process.hrtime.bigint() - s0) / 1e9 };
  } finally {
    await raw.end();
  }
}

async function main(): Promise<void> {
  const db = await benchDatabase('rebuild');
  try {
    await migrate(db.url);
    const config = loadConfig({ LOG_LEVEL: 'error', DATA_DIR: db.dataDir, ADMIN_PASSWORD: 'bench-password-1' });
    const app = await createApp({ config, databaseUrl: db.url, subscriptions: { enabled: false } });
    const g0 = Date.now();
    const types = await writeLog(app.get<EventStore>(EVENT_STORE), TARGET);
    process.stderr.write(
      `generated ${TARGET.toLocaleString('en-CA')} events through the app's encrypting store in ${((Date.now() - g0) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(types))}\n`,
    );
    const analyze = new Client({ connectionString: db.url });
    await analyze.connect();
    await analyze.query('VACUUM ANALYZE es_events');
    const [{ encrypted }] = (
      await analyze.query(
        `SELECT count(*)::int AS encrypted FROM es_events WHERE type = 'EnrollmentSubmitted' AND data->'application'->>'parentEmail' NOT LIKE '%@rebuild.test'`,
      )
    ).rows;
    await analyze.end();
    process.stderr.write(
      `EnrollmentSubmitted events stored with the parent's email encrypted: ${encrypted} of ${types.get('EnrollmentSubmitted') ?? 0}\n`,
    );

    const before = await rawScan(db.url);
    const subscriptions = app.get(SubscriptionsService);
    const projections = (await subscriptions.statuses()).filter((s) => s.kind === 'projection').map((s) => s.name);
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const r0 = process.hrtime.bigint();
    const reports = [];
    for (const name of projections) {
      const report = await subscriptions.rebuild(name);
      reports.push(report);
      process.stderr.write(`rebuilt ${name}: ${report.events} events, ${report.failed.length} failed\n`);
    }
    const rebuildSeconds = Number(process.hrtime.bigint() - r0) / 1e9;
    clearInterval(timer);
    await app.close();

    const after = await rawScan(db.url);
    const scanned = before.scanned;
    const handled = reports.reduce((a, r) => a + r.events, 0);
    process.stdout.write(
      `\nRebuild of every read model from position 0 over ${scanned.toLocaleString('en-CA')} events, written through the app's encrypting store (${machine()})\n\n`,
    );
    process.stdout.write(
      table(
        ['what', 'events', 'seconds', 'events/s'],
        [
          [
            'raw SELECT scan of the whole log, before the rebuild (read-only floor)',
            before.scanned,
            before.seconds.toFixed(1),
            Math.round(before.scanned / before.seconds),
          ],
          [
            'raw SELECT scan of the whole log, after the rebuild (read-only floor)',
            after.scanned,
            after.seconds.toFixed(1),
            Math.round(after.scanned / after.seconds),
          ],
          ...reports.map((r) => [
            `rebuild ${r.projection} (its event types)`,
            r.events,
            (r.milliseconds / 1000).toFixed(1),
            r.eventsPerSecond,
          ]),
          [
            'all read models, one after another: events handled',
            handled,
            rebuildSeconds.toFixed(1),
            Math.round(handled / rebuildSeconds),
          ],
          [
            'all read models: log events covered',
            scanned,
            rebuildSeconds.toFixed(1),
            Math.round(scanned / rebuildSeconds),
          ],
        ],
      ),
    );
    process.stdout.write(
      `\nraw scan: reads the rows only (no decryption, no projection, no writes); the floor no rebuild can go under.\n`,
    );
    process.stdout.write(
      `peak RSS of the rebuilding process ${(peak / 2 ** 20).toFixed(0)} MiB (the log was generated in the same process); target ≥ 25,000 events/s\n`,
    );
  } finally {
    await db.dispose();
  }
}

run(main);
