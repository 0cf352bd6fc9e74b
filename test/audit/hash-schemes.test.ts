import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { AuditLogService } from '../../src/audit/audit-log.service';
import { exportLog, verifyExportFile } from '../../src/audit/log-export';
import { migrate } from '../../src/database/orm.config';
import { NewEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { SystemClock } from '../../src/shared/clock';
import { createTestDatabase, TestDatabase } from '../support/database';
import { untilLogVisible } from '../support/log-visible';

const run = promisify(execFile);
const REFERENCE = path.join(__dirname, '../../docs/examples/verify-log.mjs');

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
let audit: AuditLogService;
const dir = mkdtempSync(path.join(tmpdir(), 'cedar-schemes-'));
const stream = `lesson-${randomUUID()}`;

const event = (data: unknown): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'schemes', role: 'admin' },
    occurredAt: '2026-11-20T10:00:00.000Z',
    schemaVersion: 1,
  },
});

beforeAll(async () => {
  database = await createTestDatabase('audit_schemes');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  store = new PostgresEventStore(pool);
  audit = new AuditLogService(store, new SystemClock());
  // Events as appenders wrote them before scheme 2 (data and metadata, no JCS text): scheme 1.
  const old = [event({ n: 1, keys: { b: 1, aa: 2 }, x: 1e21 }), event({ n: 2, t: 'é "q"\n' })];
  await pool.query('SELECT * FROM es_append($1, $2, $3::jsonb)', [
    stream,
    'no_stream',
    JSON.stringify(old.map((e) => ({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata }))),
  ]);
  // Then the same stream goes on under scheme 2.
  await store.append(stream, [event({ n: 3, keys: { b: 1, aa: 2 }, x: 0.5e-7 }), event({ n: 4 })], 1);
  await untilLogVisible(store);
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function reference(file: string): Promise<number> {
  try {
    await run(process.execPath, [REFERENCE, file]);
    return 0;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

describe('hash schemes: events keep verifying under the scheme they were written with', () => {
  it('one chain runs from scheme 1 events into scheme 2 events, and verifies online, offline and with the reference verifier', async () => {
    const stored = await store.readStream(stream, { asStored: true });
    expect(stored.map((e) => e.hashScheme)).toEqual([1, 1, 2, 2]);
    expect(stored[2].prevHash).toBe(stored[1].hash);
    expect(await audit.verify()).toMatchObject({ ok: true, eventsChecked: 4 });
    const file = path.join(dir, 'log.ndjson');
    const out = createWriteStream(file);
    await exportLog(store, {}, out);
    out.end();
    await finished(out);
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, eventsChecked: 4 });
    expect(await reference(file)).toBe(0);

    // A scheme changed on an event (its hash kept) is caught by both verifiers.
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    for (const [line, from, to] of [
      [1, '"hashScheme":1', '"hashScheme":2'],
      [4, '"hashScheme":2', '"hashScheme":1'],
    ] as const) {
      const altered = path.join(dir, `altered-${line}.ndjson`);
      writeFileSync(altered, `${lines.map((l, i) => (i === line ? l.replace(from, to) : l)).join('\n')}\n`);
      expect((await verifyExportFile(altered)).firstBroken).toMatchObject({
        line: line + 1,
        reason: expect.stringMatching(/hash does not match/),
      });
      expect(await reference(altered)).toBe(1);
    }
  });

  it('catches altered data under either scheme', async () => {
    for (const position of [0, 3]) {
      const where = 'WHERE stream_id = $1 AND stream_position = $2';
      const { rows } = await pool.query<{ data: unknown }>(`SELECT data FROM es_events ${where}`, [stream, position]);
      await pool.query(`UPDATE es_events SET data = jsonb_set(data, '{n}', '99') ${where}`, [stream, position]);
      const report = await audit.verify();
      await pool.query(`UPDATE es_events SET data = $3 ${where}`, [stream, position, JSON.stringify(rows[0].data)]);
      expect(report.firstBroken).toMatchObject({
        streamPosition: position,
        reason: expect.stringMatching(/hash does not match/),
      });
    }
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
