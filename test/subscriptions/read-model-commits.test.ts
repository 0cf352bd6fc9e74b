import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate, ormOptions } from '../../src/database/orm.config';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { Metrics } from '../../src/operations/metrics';
import { ProjectionHandler } from '../../src/subscriptions/checkpointed-handlers';
import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { SubscriptionRunner } from '../../src/subscriptions/subscription-runner';
import { Projection } from '../../src/subscriptions/subscription.types';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A read model's batch commits without waiting for its WAL flush (its rows and its checkpoint in
 * one transaction), and a runner whose stored checkpoint fell behind its own (the database lost
 * the last commits in a crash, rows and checkpoint together) applies those events again.
 */
const meta = () => ({
  correlationId: 'c',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase('read_model_commits');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  // The test cluster commits asynchronously throughout; the app's default is to wait for the flush.
  const { rows } = await pool.query<{ db: string }>('SELECT current_database() AS db');
  await pool.query(`ALTER DATABASE "${rows[0].db}" SET synchronous_commit = on`);
  store = new PostgresEventStore(pool);
  orm = await MikroORM.init(ormOptions(database.url, 4));
  await orm.em.fork().execute('CREATE TABLE probe_rows (event_id uuid PRIMARY KEY, commit_mode text NOT NULL)');
});
afterAll(async () => {
  await orm.close(true);
  await store.close();
  await pool.end();
  await database.drop();
});

/** A projection inserting one row per event (a second insert of one event fails: exactly once shows). */
function probeProjection(type: string): Projection {
  return {
    name: `probe-${type}`,
    eventTypes: [type],
    tables: ['probe_rows'],
    async apply(event: RecordedEvent, batch: ProjectionBatch) {
      await batch.execute(
        "INSERT INTO probe_rows (event_id, commit_mode) VALUES (?, current_setting('synchronous_commit'))",
        [event.eventId],
      );
    },
  } as Projection;
}

const until = async (done: () => Promise<boolean>, ms: number) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    if (await done()) return true;
  }
  return done();
};
const rowsOf = async (ids: string[]) =>
  (
    await pool.query<{ event_id: string; commit_mode: string }>(
      'SELECT event_id, commit_mode FROM probe_rows WHERE event_id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;

it('a batch commits its rows and checkpoint without waiting for the WAL flush; nothing else does', async () => {
  const type = `Probe${randomUUID().slice(0, 8)}`;
  const handler = new ProjectionHandler(probeProjection(type), orm);
  const eventId = randomUUID();
  const { position } = await store.append(
    `p-${randomUUID()}`,
    [{ eventId, type, data: {}, metadata: meta() }],
    'no_stream',
  );
  // Readable once no older transaction anywhere on the server is still open (the log's safe horizon).
  let event: RecordedEvent | undefined;
  await until(async () => !!([event] = await store.readAll({ after: position - 1, types: [type] })).length, 10_000);
  await handler.handleBatch([event!], 0);

  expect(await rowsOf([eventId])).toEqual([{ event_id: eventId, commit_mode: 'off' }]);
  expect(await handler.loadCheckpoint()).toBe(position);
  // only that transaction: the next one on the ORM's connections commits durably again
  const [{ synchronous_commit }] = await orm.em
    .fork()
    .execute<{ synchronous_commit: string }[]>('SHOW synchronous_commit');
  expect(synchronous_commit).toBe('on');
});

it('a stored checkpoint behind the runner (commits lost in a crash) is found when idle, and the events applied again once', async () => {
  const type = `Probe${randomUUID().slice(0, 8)}`;
  const runner = new SubscriptionRunner(
    new ProjectionHandler(probeProjection(type), orm),
    store,
    { batchSize: 50, pollIntervalMs: 50, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } },
    new Metrics(),
  );
  await runner.start();
  try {
    const ids = [randomUUID(), randomUUID()];
    let last = 0;
    for (const eventId of ids) {
      ({ position: last } = await store.append(
        `p-${randomUUID()}`,
        [{ eventId, type, data: {}, metadata: meta() }],
        'no_stream',
      ));
    }
    expect(await runner.waitFor(last, 5_000)).toBe(true);
    expect(await rowsOf(ids)).toHaveLength(2);

    // What a crash before the WAL flush leaves: neither the rows nor the checkpoint move of the last batches.
    await pool.query(
      `WITH lost AS (DELETE FROM probe_rows WHERE event_id = ANY($1::uuid[]))
       UPDATE subscription_checkpoints SET position = 0 WHERE name = $2`,
      [ids, `probe-${type}`],
    );

    // No further append comes: the runner finds it by itself, and applies each event once.
    expect(await until(async () => (await rowsOf(ids)).length === 2, 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await rowsOf(ids)).toHaveLength(2);
    expect(runner.position).toBe(last);
    const { rows } = await pool.query<{ position: string }>(
      'SELECT position FROM subscription_checkpoints WHERE name = $1',
      [`probe-${type}`],
    );
    expect(Number(rows[0].position)).toBe(last);
  } finally {
    await runner.stop();
  }
});
