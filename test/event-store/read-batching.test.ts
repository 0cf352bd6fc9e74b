import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import { systemMetadata } from '../support/fixtures';

/**
 * A step reads the streams it decides on at once (a teacher's calendar and a student's, every
 * teacher of an instrument): the forward reads it asks for together travel in one statement, and
 * each answer is exactly what a read alone gives. Reads of other work are not made to wait.
 */
const event = (n: number) => ({
  eventId: randomUUID(),
  type: 'Happened',
  data: { n },
  metadata: systemMetadata(new Date().toISOString(), 'read-batching'),
});

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('read_batching');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  store = new PostgresEventStore(pool);
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

it('streams read together are one statement; each answer is what a read alone gives', async () => {
  const [a, b, none] = [`a-${randomUUID()}`, `b-${randomUUID()}`, `none-${randomUUID()}`];
  await store.append(a, [event(0), event(1), event(2)], 'no_stream');
  await store.append(b, [event(10), event(11)], 'no_stream');
  const asked = [
    { stream: a, from: 0 },
    { stream: b, from: 1 },
    { stream: none, from: 0 },
    { stream: a, from: 2 },
    { stream: b, from: 5 },
  ];
  const alone: unknown[] = [];
  for (const r of asked) alone.push(await store.readStream(r.stream, { from: r.from }));

  const query = jest.spyOn(pool, 'query');
  let together: unknown[];
  try {
    together = await store.together(() => Promise.all(asked.map((r) => store.readStream(r.stream, { from: r.from }))));
    expect(query).toHaveBeenCalledTimes(1);
  } finally {
    query.mockRestore();
  }
  expect(together).toEqual(alone);
  expect((together as { data: { n: number } }[][]).map((events) => events.map((e) => e.data.n))).toEqual([
    [0, 1, 2],
    [11],
    [],
    [2],
    [],
  ]);
});

it('reads backwards or limited, reads not asked for together, and reads after a wait each go alone', async () => {
  const s = `s-${randomUUID()}`;
  await store.append(s, [event(0), event(1), event(2)], 'no_stream');
  const n = (events: { data: unknown }[]) => events.map((e) => (e.data as { n: number }).n);
  const query = jest.spyOn(pool, 'query');
  try {
    const [last, firstTwo, all] = await store.together(() =>
      Promise.all([
        store.readStream(s, { direction: 'backwards', limit: 1 }),
        store.readStream(s, { limit: 2 }),
        store.readStream(s),
      ]),
    );
    expect([last, firstTwo, all].map(n)).toEqual([[2], [0, 1], [0, 1, 2]]);
    expect(query).toHaveBeenCalledTimes(3);
    // the same turn, but not asked for together: each alone
    await Promise.all([store.readStream(s), store.readStream(s, { from: 1 })]);
    expect(query).toHaveBeenCalledTimes(5);
    // asked for after the work first waited: alone
    const later = await store.together(async () => {
      await new Promise((r) => setImmediate(r));
      return Promise.all([store.readStream(s, { from: 2 }), store.readStream(s, { from: 1 })]);
    });
    expect(later.map(n)).toEqual([[2], [1, 2]]);
    expect(query).toHaveBeenCalledTimes(7);
  } finally {
    query.mockRestore();
  }
});
