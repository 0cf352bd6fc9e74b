import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { InvalidAppendError, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Appends arriving while others are in flight travel together (es_append_batch): each one's
 * outcome must be exactly what it would have been alone.
 */
const meta = () => ({
  correlationId: 'c',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});
const event = (type = 'Happened', eventId: string = randomUUID()) => ({
  eventId,
  type,
  data: { n: Math.random() },
  metadata: meta(),
});

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
const statements: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('append_batching');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 10 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === 'string') statements.push(args[0]);
    return query(...args);
  };
  store = new PostgresEventStore(pool);
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

it('gives each concurrent append its own outcome: written, refused for its revision, refused for reused ids, or a retry found', async () => {
  const existing = `s-${randomUUID()}`;
  await store.append(existing, [event()], 'no_stream');
  const elsewhere = event();
  await store.append(`s-${randomUUID()}`, [elsewhere], 'no_stream');
  const retried = event();
  const retriedStream = `s-${randomUUID()}`;
  await store.append(retriedStream, [retried], 'no_stream');
  statements.length = 0;

  const fresh = Array.from({ length: 40 }, () => ({ stream: `s-${randomUUID()}`, events: [event(), event('Other')] }));
  const outcomes = await Promise.allSettled([
    ...fresh.map((f) => store.append(f.stream, f.events, 'no_stream')),
    store.append(existing, [event()], 'no_stream'), // wrong expected revision
    store.append(`s-${randomUUID()}`, [event('Happened', elsewhere.eventId)], 'no_stream'), // ids of another stream
    store.append(retriedStream, [retried], 'no_stream'), // the same append again
  ]);

  expect(statements.some((q) => q.includes('es_append_batch'))).toBe(true);
  const written = outcomes.slice(0, fresh.length);
  expect(written.every((o) => o.status === 'fulfilled' && o.value.written && o.value.nextExpectedRevision === 1)).toBe(
    true,
  );
  const [wrong, reused, again] = outcomes.slice(fresh.length);
  expect(wrong.status === 'rejected' && wrong.reason).toBeInstanceOf(WrongExpectedRevisionError);
  expect(reused.status === 'rejected' && reused.reason).toBeInstanceOf(InvalidAppendError);
  expect(again).toMatchObject({ status: 'fulfilled', value: { written: false, nextExpectedRevision: 0 } });

  // every fresh stream holds exactly its two events, in order, at distinct positions
  const positions = new Set<number>();
  for (const f of fresh) {
    const read = await store.readStream(f.stream);
    expect(read.map((e) => e.eventId)).toEqual(f.events.map((e) => e.eventId));
    for (const e of read) positions.add(e.position);
    expect(read[1].prevHash).toBe(read[0].hash);
  }
  expect(positions.size).toBe(fresh.length * 2);
  // the refused appends left nothing behind
  expect(await store.readStream(existing)).toHaveLength(1);
  const verify = await pool.query('SELECT count(*)::int AS n FROM es_events WHERE event_id = $1', [elsewhere.eventId]);
  expect(verify.rows[0].n).toBe(1);
});

it('never sends two appends of one stream at once: concurrent appends with expected revisions all land, in order', async () => {
  const stream = `s-${randomUUID()}`;
  await store.append(stream, [event()], 'no_stream');
  // each expects the revision the one before it makes; sent together they would race
  const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.append(stream, [event()], i)));
  expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  expect((await store.readStream(stream)).map((e) => e.streamPosition)).toEqual(
    Array.from({ length: 11 }, (_, i) => i),
  );
});
