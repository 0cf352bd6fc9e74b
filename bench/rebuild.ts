import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { migrate } from '../src/database/orm.config';
import { eventHash } from '../src/event-store/event-hash';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';
import { benchDatabase, machine, run, table } from './support';

/**
 * Rebuild of every read model from position 0 over a generated log of realistic events
 * (default 1,000,000): enrollments (submitted → completed, students, teacher assignment, demo),
 * lessons (scheduled, then completed or cancelled) and payments (PaymentRequested /
 * PaymentSucceeded), against a raw SELECT scan of the same rows.
 * The log is written in bulk, in the layout es_append writes (positions from the transaction id),
 * to keep generation short; the rebuild reads it through the app's own adapter and projections.
 *   npm run bench:rebuild -- [events=1000000]
 */
const TARGET = Number(process.argv[2] ?? 1_000_000);
const TEACHERS = 100;
const LESSONS_PER_STUDENT = 8;
const INSTRUMENTS = ['piano', 'guitar', 'violin', 'voice', 'drums'];

interface Row {
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  hash: string;
  prev_hash: string | null;
}

function* generate(): Generator<Row> {
  let t = Date.parse('2025-09-01T12:00:00Z');
  const meta = (correlationId: string) => ({ correlationId, causationId: null, actor: { id: 'system', role: 'system' }, occurredAt: new Date((t += 1000)).toISOString(), schemaVersion: 1 });
  const stream = (id: string) => {
    let n = 0;
    let prev: string | null = null;
    // Each stream's hash chain, as es_append computes it.
    return (type: string, data: unknown, correlationId: string): Row => {
      const e = { stream_id: id, stream_position: n++, event_id: randomUUID(), type, data, metadata: meta(correlationId) };
      const hash = eventHash({ streamId: e.stream_id, streamPosition: e.stream_position, eventId: e.event_id, type, data, metadata: e.metadata }, prev);
      const row = { ...e, hash, prev_hash: prev };
      prev = hash;
      return row;
    };
  };
  const teacherIds = Array.from({ length: TEACHERS }, () => randomUUID());
  for (const [i, teacherId] of teacherIds.entries()) {
    yield stream(`teacher-${teacherId}`)('TeacherRegistered', { teacherId, userId: randomUUID(), firstName: `T${i}`, lastName: 'Rebuild', email: `t${i}@rebuild.test`, instruments: [INSTRUMENTS[i % 5]], hourlyRateCents: 8000, maxStudents: 100_000, availability: { monday: [{ start: '09:00', end: '21:00' }] }, bio: null }, 'seed');
  }
  for (let u = 0; ; u++) {
    const enrollmentId = randomUUID();
    const studentId = randomUUID();
    const parentId = randomUUID();
    const teacherId = teacherIds[u % TEACHERS];
    const run = randomUUID();
    const instrument = INSTRUMENTS[u % 5];
    const enrollment = stream(`enrollment-${enrollmentId}`);
    const student = stream(`student-${studentId}`);
    const application = { studentFirstName: `Kid${u}`, studentLastName: 'Rebuild', studentDateOfBirth: '2014-06-01', parentFirstName: 'Pat', parentLastName: `R${u}`, parentEmail: `parent${u}@rebuild.test`, parentPhone: '9025550100', instrument, preferredLessonDay: 'monday', lessonDuration: 30, agreedToTerms: true };
    yield enrollment('EnrollmentSubmitted', { enrollmentId, application }, run);
    yield enrollment('EnrollmentValidated', { enrollmentId, ageYears: 11 }, run);
    yield student('StudentEnrolled', { studentId, parentId, enrollmentId, firstName: `Kid${u}`, lastName: 'Rebuild', dateOfBirth: '2014-06-01', instrument, skillLevel: 'beginner', lessonRateCents: 4500, lessonDurationMinutes: 30, preferredLessonDay: 'monday', preferredLessonTime: null }, run);
    yield enrollment('PaymentMethodSetUp', { enrollmentId, parentId, studentId, customerId: `cus_${u}`, paymentMethodId: `pm_${u}`, brand: 'visa', last4: '4242' }, run);
    yield student('TeacherAssigned', { studentId, teacherId, enrollmentId }, run);
    const demoId = randomUUID();
    yield enrollment('DemoScheduled', { enrollmentId, lessonId: demoId, teacherId, startsAt: new Date(t + 86_400_000).toISOString(), endsAt: new Date(t + 88_200_000).toISOString() }, run);
    yield enrollment('EnrollmentCompleted', { enrollmentId }, run);
    for (let l = 0; l < LESSONS_PER_STUDENT; l++) {
      const lessonId = l === 0 ? demoId : randomUUID();
      const lesson = stream(`lesson-${lessonId}`);
      const startsAt = new Date(Date.parse('2025-09-08T13:00:00Z') + (u % 2000) * 1_800_000 + l * 7 * 86_400_000);
      const corr = randomUUID();
      yield lesson('LessonScheduled', { lessonId, studentId, teacherId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(), durationMinutes: 30, lessonType: l === 0 ? 'demo' : 'regular', seriesId: null, notes: null, makeupCreditId: null }, corr);
      if (l % 7 === 6) yield lesson('LessonCancelled', { lessonId, reason: 'sick', initiatedBy: 'parent', makeupCredit: true }, corr);
      else yield lesson('LessonCompleted', { lessonId, notes: l % 3 ? null : 'scales in G major' }, corr);
      const paymentId = randomUUID();
      const payment = stream(`payment-${paymentId}`);
      yield payment('PaymentRequested', { paymentId, lessonId, studentId, parentId, amountCents: 4500, currency: 'CAD', description: `${instrument} lesson`, paymentMethodId: `pm_${u}`, customerId: `cus_${u}`, instrument, teacherId }, corr);
      yield payment('PaymentSucceeded', { paymentId, attempt: 1, paymentIntentId: `pi_${paymentId.slice(0, 12)}`, amountCents: 4500, source: 'gateway', stripeEventId: null }, corr);
    }
  }
}

async function writeLog(url: string, total: number): Promise<Map<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const types = new Map<string, number>();
  const revisions = new Map<string, number>();
  const events = generate();
  let written = 0;
  try {
    while (written < total) {
      // One transaction per 60,000 events: positions are (xid << 16) + offset, as es_append numbers them.
      await client.query('BEGIN');
      let offset = 0;
      while (offset < 60_000 && written < total) {
        const batch: Row[] = [];
        for (let k = 0; k < 5000 && written + batch.length < total; k++) batch.push(events.next().value as Row);
        await client.query(
          `INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata, hash, prev_hash)
           SELECT (pg_current_xact_id()::text::bigint << 16) + $2 + r.ord, r.stream_id, r.stream_position, r.event_id, r.type, r.data, r.metadata, r.hash, r.prev_hash
             FROM jsonb_to_recordset($1::jsonb) AS r(ord bigint, stream_id text, stream_position bigint, event_id uuid, type text, data jsonb, metadata jsonb, hash text, prev_hash text)`,
          [JSON.stringify(batch.map((r, ord) => ({ ord, ...r }))), offset],
        );
        for (const r of batch) {
          types.set(r.type, (types.get(r.type) ?? 0) + 1);
          revisions.set(r.stream_id, r.stream_position);
        }
        offset += batch.length;
        written += batch.length;
      }
      await client.query('COMMIT');
    }
    const streams = [...revisions.entries()];
    for (let i = 0; i < streams.length; i += 20_000) {
      const part = streams.slice(i, i + 20_000);
      await client.query('INSERT INTO es_streams (stream_id, revision) SELECT * FROM unnest($1::text[], $2::bigint[])', [part.map((s) => s[0]), part.map((s) => s[1])]);
    }
    await client.query('VACUUM ANALYZE es_events');
  } finally {
    await client.end();
  }
  return types;
}

async function main(): Promise<void> {
  const db = await benchDatabase('rebuild');
  try {
    await migrate(db.url);
    const g0 = Date.now();
    const types = await writeLog(db.url, TARGET);
    process.stderr.write(`generated ${TARGET.toLocaleString('en-CA')} events in ${((Date.now() - g0) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(types))}\n`);

    // The floor: every row of the log read in position order, no decoding beyond the driver's.
    const raw = new Client({ connectionString: db.url });
    await raw.connect();
    const s0 = process.hrtime.bigint();
    let scanned = 0;
    for (let after = 0; ; ) {
      const { rows } = await raw.query('SELECT position, stream_id, type, data, metadata, recorded_at FROM es_events WHERE position > $1 ORDER BY position LIMIT 2000', [after]);
      if (!rows.length) break;
      scanned += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
    const scanSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
    await raw.end();

    const config = loadConfig({ LOG_LEVEL: 'error', DATA_DIR: db.dataDir, ADMIN_PASSWORD: 'bench-password-1' });
    const app = await createApp({ config, databaseUrl: db.url, subscriptions: { enabled: false } });
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

    const handled = reports.reduce((a, r) => a + r.events, 0);
    process.stdout.write(`\nRebuild of every read model from position 0 over ${scanned.toLocaleString('en-CA')} events (${machine()})\n\n`);
    process.stdout.write(
      table(
        ['what', 'events', 'seconds', 'events/s'],
        [
          ['raw SELECT scan of the whole log (floor)', scanned, scanSeconds.toFixed(1), Math.round(scanned / scanSeconds)],
          ...reports.map((r) => [`rebuild ${r.projection} (its event types)`, r.events, (r.milliseconds / 1000).toFixed(1), r.eventsPerSecond]),
          ['all read models, one after another: events handled', handled, rebuildSeconds.toFixed(1), Math.round(handled / rebuildSeconds)],
          ['all read models: log events covered', scanned, rebuildSeconds.toFixed(1), Math.round(scanned / rebuildSeconds)],
        ],
      ),
    );
    process.stdout.write(`\npeak RSS of the rebuilding process ${(peak / 2 ** 20).toFixed(0)} MiB; target ≥ 25,000 events/s\n`);
  } finally {
    await db.dispose();
  }
}

run(main);
