import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { ES_APPEND_SCHEME_2 } from '../../migrations/Migration20261205040001HashSchemeJcs';
import { migrate } from '../../src/database/orm.config';
import { jcsDataAndMetadata } from '../../src/event-store/event-hash';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * es_append as the migrations leave it, against the function it replaced (hash scheme 2's, put
 * back in a second database): one script of appends, each run on both, the same answers, the
 * same refusals and the same rows (positions aside, which come from transaction ids).
 */

interface Call {
  stream: string;
  expected: string;
  events: unknown[];
}
type Step = Call | { transaction: Call[] } | { batch: Call[] };

const metadata = (n: number) => ({
  correlationId: `0b5c6f1e-93a4-4c39-9d3e-${String(n).padStart(12, '0')}`,
  causationId: null,
  actor: { id: 'b1946ac9-2492-4d2f-8a4c-6e1d5a3c7f00', role: 'admin' },
  occurredAt: `2026-12-06T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  schemaVersion: 1,
});
/** an event sent as the store sends it (scheme 2: the JCS text of data and metadata) */
const jcs = (id: string, type: string, n: number) => ({
  id,
  type,
  c: jcsDataAndMetadata({ n, note: 'crème brûlée', nested: { b: [1, 2.5, null], a: true } }, metadata(n)),
});
/** an event sent with data and metadata (scheme 1) */
const plain = (id: string, type: string, n: number) => ({ id, type, data: { n, z: 1, a: [n] }, metadata: metadata(n) });

const ids = Array.from({ length: 20 }, () => randomUUID());
const SCRIPT: Step[] = [
  { stream: 'a', expected: 'no_stream', events: [jcs(ids[0], 'Opened', 0)] },
  { stream: 'a', expected: '0', events: [jcs(ids[1], 'Moved', 1), jcs(ids[2], 'Moved', 2), jcs(ids[3], 'Closed', 3)] },
  // the same append again: a retry, nothing written
  { stream: 'a', expected: '0', events: [jcs(ids[1], 'Moved', 1), jcs(ids[2], 'Moved', 2), jcs(ids[3], 'Closed', 3)] },
  { stream: 'a', expected: '0', events: [jcs(ids[4], 'Late', 4)] },
  { stream: 'a', expected: 'no_stream', events: [jcs(ids[4], 'Late', 4)] },
  { stream: 'b', expected: 'any', events: [plain(ids[5], 'Opened', 5), plain(ids[6], 'Moved', 6)] },
  { stream: 'b', expected: 'any', events: [jcs(ids[7], 'Moved', 7)] },
  { stream: 'b', expected: '2', events: [plain(ids[8], 'Closed', 8)] },
  { stream: 'missing', expected: '5', events: [jcs(ids[9], 'Opened', 9)] },
  { stream: 'missing', expected: '0', events: [jcs(ids[9], 'Opened', 9)] },
  // an id stored in another stream
  { stream: 'c', expected: 'no_stream', events: [jcs(ids[10], 'Opened', 10), jcs(ids[0], 'Opened', 0)] },
  // several appends in one transaction, one of them to a stream appended twice in it
  {
    transaction: [
      { stream: 'd', expected: 'no_stream', events: [jcs(ids[11], 'Opened', 11)] },
      { stream: 'a', expected: '3', events: [jcs(ids[12], 'Reopened', 12)] },
      { stream: 'd', expected: '0', events: [plain(ids[13], 'Moved', 13), jcs(ids[14], 'Moved', 14)] },
    ],
  },
  // appends together (es_append_batch): one refused, the others written
  {
    batch: [
      { stream: 'e', expected: 'no_stream', events: [jcs(ids[15], 'Opened', 15)] },
      { stream: 'b', expected: '0', events: [jcs(ids[16], 'Moved', 16)] },
      { stream: 'd', expected: '2', events: [jcs(ids[17], 'Closed', 17)] },
    ],
  },
];

type Answer = { revision: number; lastEvent: string | null; written: boolean } | { error: string; detail?: string };

async function runScript(pool: Pool): Promise<Answer[]> {
  /** the event at a position: positions differ between the databases, events do not */
  const eventAt = async (db: Pool | PoolClient, position: string | null) =>
    position === null
      ? null
      : ((await db.query<{ event_id: string }>('SELECT event_id FROM es_events WHERE position = $1', [position]))
          .rows[0]?.event_id ?? `not stored (${position})`);
  const call = async (db: Pool | PoolClient, c: Call): Promise<Answer> => {
    try {
      const { rows } = await db.query<{ next_revision: string; last_position: string; written: boolean }>(
        'SELECT * FROM es_append($1, $2, $3::jsonb)',
        [c.stream, c.expected, JSON.stringify(c.events)],
      );
      return {
        revision: Number(rows[0].next_revision),
        lastEvent: await eventAt(db, rows[0].last_position),
        written: rows[0].written,
      };
    } catch (err) {
      const e = err as { code: string; detail?: string };
      return { error: e.code, ...(e.detail !== undefined && { detail: e.detail }) };
    }
  };
  const answers: Answer[] = [];
  for (const step of SCRIPT) {
    if ('transaction' in step) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const c of step.transaction) answers.push(await call(client, c));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    } else if ('batch' in step) {
      const { rows } = await pool.query<{
        ord: number;
        next_revision: string | null;
        last_position: string | null;
        written: boolean;
        error_code: string | null;
        error_detail: string | null;
      }>('SELECT * FROM es_append_batch($1::jsonb)', [
        JSON.stringify(step.batch.map((c) => ({ stream: c.stream, expected: c.expected, events: c.events }))),
      ]);
      for (const r of rows) {
        answers.push(
          r.error_code
            ? { error: r.error_code, ...(r.error_detail !== null && { detail: r.error_detail }) }
            : {
                revision: Number(r.next_revision),
                lastEvent: await eventAt(pool, r.last_position),
                written: r.written,
              },
        );
      }
    } else {
      answers.push(await call(pool, step));
    }
  }
  return answers;
}

const stored = async (pool: Pool) => ({
  events: (
    await pool.query(
      `SELECT stream_id, stream_position, event_id, type, data, metadata, hash, prev_hash, hash_scheme
         FROM es_events ORDER BY position`,
    )
  ).rows,
  streams: (await pool.query('SELECT stream_id, revision FROM es_streams ORDER BY stream_id')).rows,
});

describe('es_append after Migration20261206010001AppendStatements', () => {
  let current: TestDatabase;
  let previous: TestDatabase;
  let currentPool: Pool;
  let previousPool: Pool;

  beforeAll(async () => {
    [current, previous] = await Promise.all([
      createTestDatabase('append_fn_current'),
      createTestDatabase('append_fn_previous'),
    ]);
    await migrate(current.url);
    await migrate(previous.url);
    currentPool = new Pool({ connectionString: current.url, max: 2 });
    previousPool = new Pool({ connectionString: previous.url, max: 2 });
    await previousPool.query(ES_APPEND_SCHEME_2);
  });
  afterAll(async () => {
    await currentPool.end();
    await previousPool.end();
    await current.drop();
    await previous.drop();
  });

  it('answers, refuses and stores exactly as the function it replaced', async () => {
    const answers = await runScript(currentPool);
    expect(answers).toEqual(await runScript(previousPool));
    // the script reaches every path: appends written, a retry, each refusal
    expect(answers.filter((a) => 'written' in a && a.written)).toHaveLength(10);
    expect(answers.filter((a) => 'written' in a && !a.written)).toHaveLength(1);
    expect(answers.filter((a) => 'error' in a).map((a) => ('error' in a ? `${a.error} ${a.detail}` : ''))).toEqual([
      'CH001 3',
      'CH001 3',
      'CH001 -1',
      'CH001 -1',
      'CH002 undefined',
      'CH001 3',
    ]);

    const now = await stored(currentPool);
    expect(now).toEqual(await stored(previousPool));
    expect(now.events).toHaveLength(14);
    expect(new Set(now.events.map((e: { hash_scheme: number }) => e.hash_scheme))).toEqual(new Set([1, 2]));
  });
});
