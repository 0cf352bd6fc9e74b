import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { InvalidAppendError, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { Upcasters } from '../../src/event-store/upcasting';
import { Metrics } from '../../src/operations/metrics';
import { SubscriptionHandler, SubscriptionRunner } from '../../src/subscriptions/subscription-runner';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventStoreContract } from './event-store.contract';

let database: TestDatabase;
const pools: Pool[] = [];

beforeAll(async () => {
  database = await createTestDatabase('pg_event_store');
  await migrate(database.url);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await database.drop();
});

function newStore(upcasters = new Upcasters()) {
  const pool = new Pool({ connectionString: database.url, max: 12 });
  pools.push(pool);
  return { pool, store: new PostgresEventStore(pool, upcasters, { connectionString: database.url }) };
}

eventStoreContract('PostgreSQL', async (upcasters) => {
  const { store } = newStore(upcasters);
  return { store, teardown: () => store.close() };
});

const event = (type: string, data: unknown = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 't', role: 'system' },
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

describe('PostgreSQL event store specifics', () => {
  it('refuses an append that reuses an event id stored with another event, storing nothing', async () => {
    const { store } = newStore();
    const taken = event('Taken');
    await store.append(`s-${randomUUID()}`, [taken], 'no_stream');
    const stream = `s-${randomUUID()}`;
    await expect(store.append(stream, [event('Fresh'), taken], 'no_stream')).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await store.readStream(stream)).toEqual([]);
    await store.close();
  });

  it('never lets a subscriber skip an event whose transaction commits after later-numbered ones', async () => {
    const { pool, store } = newStore();
    const type = `Ordered${randomUUID().slice(0, 8)}`;

    // A real runner, feeding a handler that records what it sees.
    const seen: RecordedEvent[] = [];
    let checkpoint = 0;
    const handler: SubscriptionHandler = {
      name: 'ordering-probe',
      kind: 'saga',
      eventTypes: [type],
      loadCheckpoint: async () => checkpoint,
      handleBatch: async (events) => {
        seen.push(...events);
        checkpoint = events[events.length - 1].position;
      },
      park: async () => {
        throw new Error('nothing should be parked');
      },
      countParked: async () => 0,
    };
    const runner = new SubscriptionRunner(
      handler,
      store,
      { batchSize: 100, pollIntervalMs: 20, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } },
      new Metrics(),
    );
    await runner.start();

    // 1. One append's transaction takes its position first and stays open.
    const held = await pool.connect();
    await held.query('BEGIN');
    const first = await store.appendOn(held, `held-${randomUUID()}`, [event(type, { n: 1 })], 'no_stream');

    // 2. Later appends commit while it is open: they are numbered after it.
    const second = await store.append(`later-${randomUUID()}`, [event(type, { n: 2 })], 'no_stream');
    const third = await store.append(`later-${randomUUID()}`, [event(type, { n: 3 })], 'no_stream');
    expect(second.position).toBeGreaterThan(first.position);
    expect(third.position).toBeGreaterThan(second.position);

    // They are committed and visible in their streams, yet the subscriber must not run ahead.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(await store.readAll({ types: [type] })).toEqual([]);

    // 3. The held transaction commits: the subscriber now sees all three, in log order, once.
    await held.query('COMMIT');
    held.release();
    const deadline = Date.now() + 5000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await runner.stop();

    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(seen.map((e) => e.position)).toEqual([first.position, second.position, third.position]);
    await store.close();
  });

  it('a saga handling events as read (run by run) never skips an event whose transaction commits late either', async () => {
    const { pool, store } = newStore();
    const type = `OrderedSaga${randomUUID().slice(0, 8)}`;
    const seen: RecordedEvent[] = [];
    let checkpoint = 0;
    const handler: SubscriptionHandler = {
      name: 'ordering-saga-probe',
      kind: 'saga',
      eventTypes: [type],
      loadCheckpoint: async () => checkpoint,
      handleBatch: async () => {
        throw new Error('a pipelined saga is not handed batches');
      },
      park: async () => {
        throw new Error('nothing should be parked');
      },
      countParked: async () => 0,
      pipelined: {
        concurrency: 4,
        partitionOf: (e) => e.metadata.correlationId,
        handle: async (e) => {
          seen.push(e);
        },
        moveCheckpoint: async (from, to) => {
          expect(from).toBe(checkpoint);
          checkpoint = to;
        },
        recordParked: async () => {
          throw new Error('nothing should be parked');
        },
      },
    };
    const runner = new SubscriptionRunner(
      handler,
      store,
      { batchSize: 100, pollIntervalMs: 20, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } },
      new Metrics(),
    );
    await runner.start();

    const held = await pool.connect();
    await held.query('BEGIN');
    const first = await store.appendOn(held, `held-${randomUUID()}`, [event(type, { n: 1 })], 'no_stream');
    const second = await store.append(`later-${randomUUID()}`, [event(type, { n: 2 })], 'no_stream');
    const third = await store.append(`later-${randomUUID()}`, [event(type, { n: 3 })], 'no_stream');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(checkpoint).toBe(0);

    await held.query('COMMIT');
    held.release();
    expect(await runner.waitFor(third.position, 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await runner.stop();

    expect(seen.map((e) => e.position).sort((a, b) => a - b)).toEqual([
      first.position,
      second.position,
      third.position,
    ]);
    expect(checkpoint).toBe(third.position);
    await store.close();
  });

  it('numbers several appends in one transaction without collisions', async () => {
    const { pool, store } = newStore();
    const client = await pool.connect();
    await client.query('BEGIN');
    const a = await store.appendOn(client, `tx-${randomUUID()}`, [event('A'), event('B')], 'no_stream');
    const b = await store.appendOn(client, `tx-${randomUUID()}`, [event('C')], 'no_stream');
    await client.query('COMMIT');
    client.release();
    expect(b.position).toBe(a.position + 1);
    await store.close();
  });

  it('a rolled-back append leaves nothing behind', async () => {
    const { pool, store } = newStore();
    const stream = `rb-${randomUUID()}`;
    const client = await pool.connect();
    await client.query('BEGIN');
    await store.appendOn(client, stream, [event('A')], 'no_stream');
    await client.query('ROLLBACK');
    client.release();
    expect(await store.readStream(stream)).toEqual([]);
    expect((await store.append(stream, [event('B')], 'no_stream')).nextExpectedRevision).toBe(0);
    await store.close();
  });
});
