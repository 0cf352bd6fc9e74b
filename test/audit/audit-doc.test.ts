import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import { EXAMPLE_BEGIN, EXAMPLE_END, EXAMPLE_EVENTS, EXAMPLE_STREAM, exampleMarkdown, exampleSteps } from '../../src/audit/hash-example';
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
  it('is what PostgreSQL stores for those events', async () => {
    for (const [i, e] of EXAMPLE_EVENTS.entries()) await store.append(EXAMPLE_STREAM, [e], i === 0 ? 'no_stream' : i - 1);
    const stored = await store.readStream(EXAMPLE_STREAM, { asStored: true });
    const steps = exampleSteps();
    expect(stored.map((e) => e.hash)).toEqual(steps.map((s) => s.hash));
    expect(stored.map((e) => e.prevHash)).toEqual([null, steps[0].hash]);
    // The page's export lines are the events as read back (the hashed fields, as an export prints them).
    for (const [i, e] of stored.entries()) {
      const { streamId, streamPosition, eventId, type, data, metadata, hash, prevHash } = e;
      expect(JSON.parse(steps[i].exportLine)).toEqual({ streamId, streamPosition, eventId, type, data, metadata, hash, prevHash });
    }
  });

  it('is on the page as the code computes it', () => {
    const doc = readFileSync(DOC, 'utf8');
    const begin = doc.indexOf(EXAMPLE_BEGIN);
    const end = doc.indexOf(EXAMPLE_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const current = doc.slice(begin, end + EXAMPLE_END.length);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc.replace(current, exampleMarkdown()));
    else expect(current).toBe(exampleMarkdown());
  });
});
