import 'reflect-metadata';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../src/database/orm.config';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { Upcasters } from '../src/event-store/upcasting';
import { UPCASTERS } from '../src/upcasters';
import { EncryptingEventStore } from '../src/privacy/encrypting-event-store';
import { FamilyKeys } from '../src/privacy/family-keys';
import { PrivateStreamIds } from '../src/privacy/private-stream-ids';
import { benchDatabase, machine, run, table } from './support';

/**
 * Single-event appends to distinct streams, 1 and 8 concurrent writers:
 *   the event store as the app builds it (the encrypting decorator over the PostgreSQL adapter,
 *   LISTEN/NOTIFY wake-ups on)  and the bare adapter (es_append)  vs  @event-driven-io/emmett-postgresql
 *   vs  raw INSERTs into a bare table, one commit per event and batched.
 * Our adapter groups appends that arrive while others are in flight into one statement and one
 * commit (AppendBatcher: up to 32 per batch, 2 batches in flight); emmett and the plain raw INSERT
 * commit once per event. So the limit for our design is the raw INSERT batched the same way (one
 * multi-row INSERT per batch, same sizes, same 2 in flight); the one-commit-per-event INSERT is
 * the limit only for stores that commit per event.
 * One embedded PostgreSQL server (the one `npm start` uses, default settings), a database per contender,
 * the same event, a pool of 10 connections each. The event is a LessonScheduled (no notes, so no
 * personal data to encrypt) of one of 100 students, each enrolled through the app's store
 * beforehand as the app enrolls them: the app's store ties the lesson to the student's family,
 * as it does every lesson the app books.
 *   npm run bench:append -- [events per run=3000] [rounds=2]
 * Each round runs every contender in turn (order rotated); the table shows the best round of each.
 */
const EVENTS = Number(process.argv[2] ?? 3_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const WRITERS = [1, 8];

/** The students the lessons are of: 100, in 20 families. */
const FAMILIES = Array.from({ length: 20 }, () => randomUUID());
const STUDENTS = Array.from({ length: 100 }, () => randomUUID());

const event = (i: number) => ({
  type: 'LessonScheduled',
  data: {
    lessonId: randomUUID(),
    teacherId: '7d7f4b8e-3a51-4f7e-9a8f-0c1f2b3d4e5f',
    studentId: STUDENTS[i % STUDENTS.length],
    startsAt: new Date(Date.UTC(2027, 0, 1, 14) + i * 1_800_000).toISOString(),
    endsAt: new Date(Date.UTC(2027, 0, 1, 14, 30) + i * 1_800_000).toISOString(),
    lessonType: 'regular',
    instrument: 'piano',
    rateCents: 3500,
  },
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'b1946ac9-2492-4d2f-8a4c-6e1d5a3c7f00', role: 'admin' },
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

type Append = (i: number) => Promise<unknown>;

const APP = 'app store (encrypting + adapter + NOTIFY)';
const OURS = 'adapter (es_append)';
const EMMETT = 'emmett-postgresql 0.42';
const RAW = 'raw INSERT, a commit per event';
const RAW_BATCHED = 'raw INSERT batched (limit)';

/**
 * Raw INSERTs grouped as AppendBatcher groups appends: what arrives while batches are in flight
 * goes out together, one multi-row INSERT and one commit per batch, up to 32 rows, 2 batches at once.
 */
function batchedInsert(pool: Pool): (row: unknown[]) => Promise<void> {
  const MAX_BATCH = 32;
  const MAX_IN_FLIGHT = 2;
  const queued: { row: unknown[]; done: () => void; fail: (err: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;
  const send = () => {
    while (inFlight < MAX_IN_FLIGHT && queued.length > 0) {
      const batch = queued.splice(0, Math.min(MAX_BATCH, Math.ceil(queued.length / (MAX_IN_FLIGHT - inFlight))));
      const values = batch
        .map((_, k) => `($${5 * k + 1}, $${5 * k + 2}, $${5 * k + 3}, $${5 * k + 4}::jsonb, $${5 * k + 5}::jsonb)`)
        .join(', ');
      inFlight++;
      pool
        .query(
          `INSERT INTO raw_events (stream_id, event_id, type, data, metadata) VALUES ${values}`,
          batch.flatMap((b) => b.row),
        )
        .then(
          () => batch.forEach((b) => b.done()),
          (err) => batch.forEach((b) => b.fail(err)),
        )
        .finally(() => {
          inFlight--;
          send();
        });
    }
  };
  return (row) =>
    new Promise<void>((done, fail) => {
      queued.push({ row, done, fail });
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(() => {
          scheduled = false;
          send();
        });
      }
    });
}

async function measure(append: Append, writers: number, count: number, offset: number): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < count; i = next++) await append(offset + i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return Math.round(count / seconds);
}

async function main(): Promise<void> {
  const db = await benchDatabase('append');
  try {
    // Ours: the schema of the app's migrations, appends through the adapter the app uses.
    const oursUrl = await db.create('ours');
    await migrate(oursUrl);
    const oursPool = new Pool({ connectionString: oursUrl, max: 10 });
    const ours = new PostgresEventStore(oursPool);

    // The app's store: as core.module builds it, the encrypting decorator over the adapter with its LISTEN connection.
    const appUrl = await db.create('app');
    await migrate(appUrl);
    const appPool = new Pool({ connectionString: appUrl, max: 10 });
    const master = randomBytes(32);
    const appInner = new PostgresEventStore(appPool, new Upcasters(UPCASTERS), { connectionString: appUrl });
    const appStore = new EncryptingEventStore(
      appInner,
      new FamilyKeys(appPool, master),
      appPool,
      PrivateStreamIds.fromMasterKey(master),
      appInner,
    );
    // The students, enrolled as the app enrolls them (each tied to its family).
    for (const [k, studentId] of STUDENTS.entries()) {
      await appStore.append(
        `student-${studentId}`,
        [
          {
            eventId: randomUUID(),
            type: 'StudentEnrolled',
            data: {
              studentId,
              parentId: FAMILIES[k % FAMILIES.length],
              enrollmentId: null,
              firstName: 'Ada',
              lastName: `Bench${k}`,
              dateOfBirth: '2014-12-10',
              instrument: 'piano',
              skillLevel: 'beginner',
              lessonRateCents: 3500,
              lessonDurationMinutes: 30,
              preferredLessonDay: null,
              preferredLessonTime: null,
            },
            metadata: event(k).metadata as never,
          },
        ],
        'no_stream',
      );
    }

    const emmettUrl = await db.create('emmett');
    const emmett = getPostgreSQLEventStore(emmettUrl, { schema: { autoMigration: 'CreateOrUpdate' } });
    await emmett.appendToStream(`warmup-${randomUUID()}`, [{ type: 'Warmup', data: {} }]);

    const rawUrl = await db.create('raw');
    const rawPool = new Pool({ connectionString: rawUrl, max: 10 });
    await rawPool.query(
      `CREATE TABLE raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
         data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rawBatched = batchedInsert(rawPool);

    const contenders: { name: string; append: Append }[] = [
      {
        name: APP,
        append: (i) => {
          const e = event(i);
          return appStore.append(
            `lesson-${e.data.lessonId}`,
            [{ eventId: randomUUID(), type: e.type, data: e.data, metadata: e.metadata as never }],
            'no_stream',
          );
        },
      },
      {
        name: OURS,
        append: (i) => {
          const e = event(i);
          return ours.append(
            `lesson-${e.data.lessonId}`,
            [{ eventId: randomUUID(), type: e.type, data: e.data, metadata: e.metadata as never }],
            'no_stream',
          );
        },
      },
      {
        name: EMMETT,
        append: (i) => {
          const e = event(i);
          return emmett.appendToStream(
            `lesson-${e.data.lessonId}`,
            [{ type: e.type, data: e.data, metadata: e.metadata }],
            { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' },
          );
        },
      },
      {
        name: RAW,
        append: (i) => {
          const e = event(i);
          return rawPool.query(
            'INSERT INTO raw_events (stream_id, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)',
            [`lesson-${e.data.lessonId}`, randomUUID(), e.type, e.data, e.metadata],
          );
        },
      },
      {
        name: RAW_BATCHED,
        append: (i) => {
          const e = event(i);
          return rawBatched([
            `lesson-${e.data.lessonId}`,
            randomUUID(),
            e.type,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
          ]);
        },
      },
    ];

    // Warm every path (connections, plans, JIT of the JS) before measuring.
    for (const c of contenders) await measure(c.append, 8, 500, 0);

    const best = new Map<string, number>();
    let offset = 1000;
    for (let round = 0; round < ROUNDS; round++) {
      for (const writers of WRITERS) {
        const order = contenders.map((_, k) => contenders[(k + round) % contenders.length]);
        for (const c of order) {
          const rate = await measure(c.append, writers, EVENTS, offset);
          offset += EVENTS;
          const key = `${c.name}|${writers}`;
          best.set(key, Math.max(best.get(key) ?? 0, rate));
          process.stderr.write(`round ${round + 1}: ${c.name}, ${writers} writer(s): ${rate} events/s\n`);
        }
      }
    }

    process.stdout.write(
      `\nAppend: ${EVENTS.toLocaleString('en-CA')} single-event appends to new streams per run, best of ${ROUNDS} rounds (${machine()})\n\n`,
    );
    const rows = WRITERS.map((w) => {
      const [a, o, e, r, rb] = [APP, OURS, EMMETT, RAW, RAW_BATCHED].map((name) => best.get(`${name}|${w}`)!);
      return [
        `${w} writer${w > 1 ? 's' : ''}`,
        a,
        o,
        e,
        r,
        rb,
        `${(a / e).toFixed(2)}×`,
        `${Math.round((100 * a) / rb)} %`,
        `${Math.round((100 * o) / rb)} %`,
      ];
    });
    process.stdout.write(
      table(
        [
          'writers',
          'app store events/s',
          'adapter events/s',
          'emmett events/s',
          'raw INSERT per event events/s',
          'raw INSERT batched (limit) events/s',
          'app / emmett',
          'app / limit',
          'adapter / limit',
        ],
        rows,
      ),
    );
    process.stdout.write(
      '\napp store: encrypting decorator + PostgreSQL adapter + NOTIFY, as the app runs it; adapter: es_append alone.\n',
    );
    process.stdout.write(
      'limit: one multi-row INSERT per batch, batched as our adapter batches (≤ 32 per batch, 2 in flight); with 1 writer every batch holds one event.\n',
    );
    process.stdout.write('targets: ≥ 1.5× emmett, ≥ 70 % of the limit\n');

    await appStore.close();
    await appPool.end().catch(() => undefined);
    await oursPool.end();
    await rawPool.end();
    await emmett.close();
  } finally {
    await db.dispose();
  }
}

run(main);
