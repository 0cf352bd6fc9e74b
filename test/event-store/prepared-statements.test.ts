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

  /** How often this connection ran the named read of the log by type; null when it never did. */
  const namedLogReads = async (): Promise<number | null> => {
    const { rows } = await pool.query<{ runs: number }>(
      `SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements
        WHERE statement LIKE '%type = ANY($3::text[])%'`,
    );
    return rows.length ? rows[0].runs : null;
  };

  it('stream reads and appends are named statements', async () => {
    await store.append('order-1', [event('OrderPlaced')], 'no_stream');
    await store.append('order-1', [event('OrderShipped')], 0);
    await untilLogVisible(store);
    for (let i = 0; i < 3; i++) {
      expect((await store.readStream('order-1')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderShipped']);
    }
    const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    const named = rows.map((r) => r.statement.replace(/\s+/g, ' '));
    expect(named.some((s) => s.includes('FROM es_events WHERE stream_id = $1'))).toBe(true);
    expect(named.some((s) => s.includes('FROM es_append($1, $2, $3::jsonb)'))).toBe(true);
  });

  it('reads of the log by type are named only when they start near the newest position the store knows', async () => {
    // A store that has seen nothing yet does not know where the log ends: it plans each read.
    const fresh = new PostgresEventStore(pool);
    expect((await fresh.readAll({ after: 0, types: ['OrderShipped'] })).map((e) => e.type)).toEqual(['OrderShipped']);
    await fresh.close();
    expect(await namedLogReads()).toBeNull();

    const [placed] = await store.readStream('order-1');
    const near = await store.readAll({ after: placed.position - 1, types: ['OrderPlaced'] });
    expect(near.map((e) => e.eventId)).toEqual([placed.eventId]);
    expect(await namedLogReads()).toBe(1);

    // 300 transactions later (each takes a transaction id, which positions are made of) the
    // first event is far behind the log's end. The kept plan of the named read (the position
    // index, filtered by type) would read every event since; planned for its values, a read of
    // a rare type goes along the (type, position) index.
    for (let i = 0; i < 300; i++) await pool.query('SELECT pg_current_xact_id()');
    await store.append('order-2', [event('OrderPlaced')], 'no_stream');
    await untilLogVisible(store);
    const farBehind = await store.readAll({ after: placed.position, types: ['OrderPlaced'] });
    expect(farBehind.map((e) => e.streamId)).toEqual(['order-2']);
    expect(await namedLogReads()).toBe(1);

    const nearHead = await store.readAll({ after: farBehind[0].position - 1, types: ['OrderPlaced'] });
    expect(nearHead.map((e) => e.streamId)).toEqual(['order-2']);
    expect(await namedLogReads()).toBe(2);

    // Other filters (the audit log's) are planned for their values, wherever they start.
    await store.readAll({ after: farBehind[0].position - 1, types: ['OrderPlaced'], streamId: 'order-2' });
    expect(await namedLogReads()).toBe(2);
  });

  it("es_append's lookups run on generic plans (kept by the connection, not made for each call's values), by index", async () => {
    // auto_explain shows the plan of every statement the function runs: a generic plan names
    // the function's variables ($n), a plan made for one call shows their values.
    const plans: string[] = [];
    const explained = new Pool({ connectionString: db.url, max: 1 });
    explained.on('connect', (client) => client.on('notice', (n) => plans.push(n.message ?? '')));
    const explaining = new PostgresEventStore(explained);
    await explained.query(
      `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
       SET auto_explain.log_level = notice`,
    );
    try {
      const stream = `plans-${randomUUID()}`;
      for (let i = 0; i < 8; i++) {
        await explaining.append(`plans-${randomUUID()}`, [event('OrderPlaced')], 'no_stream');
        await explaining.append(
          stream,
          [event('OrderPlaced'), event('OrderShipped')],
          i === 0 ? 'no_stream' : 2 * i - 1,
        );
      }
      plans.length = 0;
      await explaining.append(`plans-${randomUUID()}`, [event('OrderPlaced')], 'no_stream');
      await explaining.append(stream, [event('OrderPlaced')], 15);
      const lookups = plans.filter((p) => /Index Cond: \(event_id = ANY/.test(p));
      const lastEvents = plans.filter((p) => /Index Cond: .*stream_position = /.test(p));
      expect(lookups).toHaveLength(2);
      expect(lastEvents).toHaveLength(1);
      for (const plan of [...lookups, ...lastEvents]) expect(plan).toMatch(/= ANY \(\$\d+\)|stream_position = \$\d+/);
      expect(plans.filter((p) => /Seq Scan/.test(p))).toEqual([]);
      expect(await explaining.readStream(stream)).toHaveLength(17);
    } finally {
      await explaining.close();
      await explained.end();
    }
  });
});
