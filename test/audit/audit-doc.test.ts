import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import {
  EXAMPLE_EVENTS,
  EXAMPLE_STREAM,
  exampleBegin,
  exampleEnd,
  exampleMarkdown,
  exampleSteps,
} from '../../src/audit/hash-example';
import { migrate } from '../../src/database/orm.config';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase, TestDatabase } from '../support/database';

const DOC = path.join(__dirname, '../../docs/audit.md');

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('audit_doc');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 2 });
  store = new PostgresEventStore(pool);
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

describe("docs/audit.md's worked example of the hash", () => {
  it('scheme 2 (JCS) is what es_append stores for those events today', async () => {
    for (const [i, e] of EXAMPLE_EVENTS.entries())
      await store.append(EXAMPLE_STREAM, [e], i === 0 ? 'no_stream' : i - 1);
    const stored = await store.readStream(EXAMPLE_STREAM, { asStored: true });
    const steps = exampleSteps(2);
    expect(stored.map((e) => e.hashScheme)).toEqual([2, 2]);
    expect(stored.map((e) => e.hash)).toEqual(steps.map((s) => s.hash));
    expect(stored.map((e) => e.prevHash)).toEqual([null, steps[0].hash]);
    // The page's export lines are the events as read back (the hashed fields, as an export prints them).
    for (const [i, e] of stored.entries()) {
      const { streamId, streamPosition, eventId, type, data, metadata, hash, prevHash, hashScheme } = e;
      expect(JSON.parse(steps[i].exportLine)).toEqual({
        streamId,
        streamPosition,
        eventId,
        type,
        data,
        metadata,
        hash,
        prevHash,
        hashScheme,
      });
    }
  });

  it('scheme 1 (jsonb text) is what es_append stores for events sent without their JCS text, as every event before scheme 2', async () => {
    const steps = exampleSteps(1);
    // The canonical text is PostgreSQL's own jsonb text of the array.
    let prev: string | null = null;
    for (const [i, e] of EXAMPLE_EVENTS.entries()) {
      const result: { rows: { text: string }[] } = await pool.query(
        'SELECT jsonb_build_array($1::text, $2::bigint, $3::text, $4::text, $5::jsonb, $6::jsonb, $7::text)::text AS text',
        [EXAMPLE_STREAM, i, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), prev],
      );
      expect(result.rows[0].text).toBe(steps[i].canonical);
      prev = steps[i].hash;
    }
    // es_append, sent the payload appenders sent before scheme 2, in a database of its own.
    const other = await createTestDatabase('audit_doc_scheme1');
    await migrate(other.url);
    const db = new Pool({ connectionString: other.url, max: 1 });
    try {
      const payload = EXAMPLE_EVENTS.map((e) => ({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata }));
      await db.query('SELECT * FROM es_append($1, $2, $3::jsonb)', [
        EXAMPLE_STREAM,
        'no_stream',
        JSON.stringify(payload),
      ]);
      const { rows } = await db.query<{ hash: string; prev_hash: string | null; hash_scheme: number }>(
        'SELECT hash, prev_hash, hash_scheme FROM es_events WHERE stream_id = $1 ORDER BY stream_position',
        [EXAMPLE_STREAM],
      );
      expect(rows).toEqual([
        { hash: steps[0].hash, prev_hash: null, hash_scheme: 1 },
        { hash: steps[1].hash, prev_hash: steps[0].hash, hash_scheme: 1 },
      ]);
    } finally {
      await db.end();
      await other.drop();
    }
  });

  it('is on the page as the code computes it, for both schemes', () => {
    let doc = readFileSync(DOC, 'utf8');
    for (const scheme of [1, 2] as const) {
      const begin = doc.indexOf(exampleBegin(scheme));
      const end = doc.indexOf(exampleEnd(scheme));
      expect(begin).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(begin);
      const current = doc.slice(begin, end + exampleEnd(scheme).length);
      if (process.env.UPDATE_DOCS === '1') doc = doc.replace(current, exampleMarkdown(scheme));
      else expect(current).toBe(exampleMarkdown(scheme));
    }
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc);
  });
});
