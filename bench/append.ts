import 'reflect-metadata';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../src/database/orm.config';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { benchDatabase, machine, run, table } from './support';

/**
 * Single-event appends to distinct streams, 1 and 8 concurrent writers:
 *   our PostgreSQL event store (es_append)  vs  @event-driven-io/emmett-postgresql  vs  a raw INSERT into a bare table.
 * One embedded PostgreSQL server (the one `npm start` uses, default settings), a database per contender,
 * the same event (a LessonScheduled-sized JSON body and metadata), a pool of 10 connections each.
 *   npm run bench:append -- [events per run=3000] [rounds=2]
 * Each round runs every contender in turn (order rotated); the table shows the best round of each.
 */
const EVENTS = Number(process.argv[2] ?? 3_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const WRITERS = [1, 8];

const event = (i: number) => ({
  type: 'LessonScheduled',
  data: {
    lessonId: randomUUID(),
    teacherId: '7d7f4b8e-3a51-4f7e-9a8f-0c1f2b3d4e5f',
    studentId: randomUUID(),
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

    const emmettUrl = await db.create('emmett');
    const emmett = getPostgreSQLEventStore(emmettUrl, { schema: { autoMigration: 'CreateOrUpdate' } });
    await emmett.appendToStream(`warmup-${randomUUID()}`, [{ type: 'Warmup', data: {} }]);

    const rawUrl = await db.create('raw');
    const rawPool = new Pool({ connectionString: rawUrl, max: 10 });
    await rawPool.query(
      `CREATE TABLE raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
         data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`,
    );

    const contenders: { name: string; append: Append }[] = [
      {
        name: 'ours (es_append)',
        append: (i) => {
          const e = event(i);
          return ours.append(`lesson-${e.data.lessonId}`, [{ eventId: randomUUID(), type: e.type, data: e.data, metadata: e.metadata as never }], 'no_stream');
        },
      },
      {
        name: 'emmett-postgresql 0.42',
        append: (i) => {
          const e = event(i);
          return emmett.appendToStream(`lesson-${e.data.lessonId}`, [{ type: e.type, data: e.data, metadata: e.metadata }], { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' });
        },
      },
      {
        name: 'raw INSERT (limit)',
        append: (i) => {
          const e = event(i);
          return rawPool.query('INSERT INTO raw_events (stream_id, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)', [
            `lesson-${e.data.lessonId}`, randomUUID(), e.type, e.data, e.metadata,
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

    process.stdout.write(`\nAppend: ${EVENTS.toLocaleString('en-CA')} single-event appends to new streams per run, best of ${ROUNDS} rounds (${machine()})\n\n`);
    const rows = WRITERS.map((w) => {
      const o = best.get(`ours (es_append)|${w}`)!;
      const e = best.get(`emmett-postgresql 0.42|${w}`)!;
      const r = best.get(`raw INSERT (limit)|${w}`)!;
      return [`${w} writer${w > 1 ? 's' : ''}`, o, e, r, `${(o / e).toFixed(2)}×`, `${Math.round((100 * o) / r)} %`];
    });
    process.stdout.write(table(['writers', 'ours events/s', 'emmett events/s', 'raw INSERT events/s', 'ours / emmett', 'ours / raw'], rows));
    process.stdout.write('\ntargets: ≥ 1.5× emmett, ≥ 60 % of raw INSERT\n');

    await oursPool.end();
    await rawPool.end();
    await emmett.close();
  } finally {
    await db.dispose();
  }
}

run(main);
