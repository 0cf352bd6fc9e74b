import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { NewEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import { systemMetadata } from '../support/fixtures';
import { untilLogVisible } from '../support/log-visible';

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: { n: 1 },
  metadata: systemMetadata(new Date().toISOString(), randomUUID()),
});

describe('the PostgreSQL store prepares what it runs the same way every time', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('prepared_store');
    await migrate(db.url);
    // one connection: what it holds prepared is what every call on it used
    pool = new Pool({ connectionString: db.url, max: 1 });
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('stream reads and appends are named statements; reads of the log by type are planned for their values', async () => {
    await store.append('order-1', [event('OrderPlaced')], 'no_stream');
    await store.append('order-1', [event('OrderShipped')], 0);
    await untilLogVisible(store);
    const shipped = async () => (await store.readAll({ after: 0, types: ['OrderShipped'] })).map((e) => e.type);
    for (let i = 0; i < 3; i++) {
      expect((await store.readStream('order-1')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderShipped']);
      expect(await shipped()).toEqual(['OrderShipped']);
    }
    const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    const named = rows.map((r) => r.statement.replace(/\s+/g, ' '));
    expect(named.some((s) => s.includes('FROM es_events WHERE stream_id = $1'))).toBe(true);
    expect(named.some((s) => s.includes('FROM es_append($1, $2, $3::jsonb)'))).toBe(true);
    // A plan kept for reads near the log's end (the position index) would read the whole log
    // between for a rare type read from far behind, which its own plan reads by (type, position).
    expect(named.filter((s) => s.includes('WHERE position > $1'))).toEqual([]);
  });
});
