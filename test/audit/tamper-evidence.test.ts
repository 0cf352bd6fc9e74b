import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AuditLogService } from '../../src/audit/audit-log.service';
import { migrate } from '../../src/database/orm.config';
import { eventHash } from '../../src/event-store/event-hash';
import { EventMetadata, NewEvent, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { SystemClock } from '../../src/shared/clock';
import { createTestDatabase, TestDatabase } from '../support/database';
import { untilLogVisible } from '../support/log-visible';

const meta = (): EventMetadata => ({
  correlationId: randomUUID(),
  causationId: null,
  actor: { id: 'auditor-test', role: 'admin' },
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion: 1,
});
const event = (type: string, data: unknown): NewEvent => ({ eventId: randomUUID(), type, data, metadata: meta() });

interface Subject {
  database: TestDatabase;
  pool: Pool;
  store: PostgresEventStore;
  audit: AuditLogService;
}
const subjects: Subject[] = [];

async function fresh(label: string): Promise<Subject> {
  const database = await createTestDatabase(label);
  await migrate(database.url);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined); // an idle connection lost (the database dropped at the end) is no test failure
  const store = new PostgresEventStore(pool);
  const subject = { database, pool, store, audit: new AuditLogService(store, new SystemClock()) };
  subjects.push(subject);
  return subject;
}

afterAll(async () => {
  for (const s of subjects) {
    await s.store.close();
    await s.pool.end();
    await s.database.drop();
  }
});

/** Three streams of five events each, appended in interleaved batches. */
async function seed(store: PostgresEventStore): Promise<string[]> {
  const streams = ['lesson-', 'student-', 'teacher-'].map((p) => `${p}${randomUUID()}`);
  for (let i = 0; i < 5; i += 1) {
    for (const s of streams) {
      const batch =
        i === 1
          ? [event('Noted', { i, s }), event('Noted', { i: i + 0.5, s })]
          : [event('Noted', { i, s, note: 'naïve “quotes”\n\ttab' })];
      await store.append(s, batch, 'any');
    }
  }
  await untilLogVisible(store);
  return streams;
}

const row = async (pool: Pool, streamId: string, streamPosition: number) =>
  (
    await pool.query('SELECT position, event_id FROM es_events WHERE stream_id = $1 AND stream_position = $2', [
      streamId,
      streamPosition,
    ])
  ).rows[0] as {
    position: string;
    event_id: string;
  };

describe('tamper evidence: every event hashed and chained to the previous one of its stream', () => {
  let s: Subject;
  beforeAll(async () => {
    s = await fresh('tamper_hash');
  });

  it('computes the same hash in SQL (es_append) as in JavaScript, for any JSON data', async () => {
    const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(v) ?? ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(json, { minLength: 1, maxLength: 4 }),
        fc.string({ maxLength: 20 }),
        async (datas, suffix) => {
          const streamId = `prop-${randomUUID()}-${suffix.replace(/\u0000/g, '')}`;
          const events = datas.map((d) => event('PropertyChecked', d));
          await s.store.append(streamId, events, 'no_stream');
          const stored = await s.store.readStream(streamId, { upcast: false });
          let prev: string | null = null;
          for (const [i, e] of stored.entries()) {
            expect(e.prevHash).toBe(prev);
            // From what was read back, and from what was written (as the EventStoreDB adapter hashes).
            expect(eventHash(e, prev)).toBe(e.hash);
            expect(e.hashScheme).toBe(2);
            expect(eventHash({ ...events[i], streamId, streamPosition: i, hashScheme: 2 }, prev)).toBe(e.hash);
            prev = e.hash!;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('chains across appends and finds an untouched log whole', async () => {
    const [stream] = await seed(s.store);
    const events = await s.store.readStream(stream, { upcast: false });
    expect(events).toHaveLength(6);
    for (let i = 1; i < events.length; i += 1) expect(events[i].prevHash).toBe(events[i - 1].hash);
    const report = await s.audit.verify();
    expect(report.firstBroken).toBeUndefined();
    expect(report).toMatchObject({ ok: true });
    expect(report.eventsChecked).toBeGreaterThanOrEqual(18);
    expect(report.firstBroken).toBeUndefined();
  });

  it("refuses to put a stream event before the stream's last one in the global log", async () => {
    const stream = `order-${randomUUID()}`;
    const older = await s.pool.connect();
    try {
      await older.query('BEGIN');
      // This transaction takes its number (its global positions) first...
      await s.store.appendOn(older, `elsewhere-${randomUUID()}`, [event('First', {})], 'no_stream');
      // ...a newer one writes the stream and commits...
      await s.store.append(stream, [event('A', {})], 'no_stream');
      // ...so the older one may not add to that stream: its event would precede A in the log.
      await expect(s.store.appendOn(older, stream, [event('B', {})], 'any')).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
    } finally {
      await older.query('ROLLBACK');
      older.release();
    }
    // On the pool, the store simply tries again in a new transaction.
    expect((await s.store.append(stream, [event('B', {})], 'any')).nextExpectedRevision).toBe(1);
  });
});

describe('verification names the first broken event', () => {
  it('detects a row whose data was altered', async () => {
    const s = await fresh('tamper_alter');
    const [stream] = await seed(s.store);
    const target = await row(s.pool, stream, 3);
    await s.pool.query(`UPDATE es_events SET data = jsonb_set(data, '{i}', '42') WHERE event_id = $1`, [
      target.event_id,
    ]);
    const report = await s.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({
      eventId: target.event_id,
      streamId: stream,
      streamPosition: 3,
      position: Number(target.position),
    });
    expect(report.firstBroken!.reason).toMatch(/hash does not match/);
  });

  it('detects an altered hash too (a tamperer who rehashes one event breaks the next link)', async () => {
    const s = await fresh('tamper_rehash');
    const [stream] = await seed(s.store);
    const target = await row(s.pool, stream, 2);
    const next = await row(s.pool, stream, 3);
    // Alter the data and recompute that event's own hash, as a careful tamperer would.
    const { rows } = await s.pool.query('SELECT * FROM es_events WHERE event_id = $1', [target.event_id]);
    const r = rows[0];
    const data = { ...r.data, i: 77 };
    const hash = eventHash(
      {
        streamId: stream,
        streamPosition: 2,
        eventId: r.event_id,
        type: r.type,
        data,
        metadata: r.metadata,
        hashScheme: r.hash_scheme,
      },
      r.prev_hash,
    );
    await s.pool.query('UPDATE es_events SET data = $2, hash = $3 WHERE event_id = $1', [
      target.event_id,
      JSON.stringify(data),
      hash,
    ]);
    const report = await s.audit.verify();
    expect(report.firstBroken).toMatchObject({ eventId: next.event_id, streamPosition: 3 });
    expect(report.firstBroken!.reason).toMatch(/previous hash/);
  });

  it('detects an event deleted from the middle of a stream', async () => {
    const s = await fresh('tamper_delete');
    const [, stream] = await seed(s.store);
    const deleted = await row(s.pool, stream, 2);
    const after = await row(s.pool, stream, 3);
    await s.pool.query('DELETE FROM es_events WHERE event_id = $1', [deleted.event_id]);
    const report = await s.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ eventId: after.event_id, streamId: stream, streamPosition: 3 });
    expect(report.firstBroken!.reason).toMatch(/stream position 2 is missing/);
  });

  it('detects two events swapped in the log order', async () => {
    const s = await fresh('tamper_swap_order');
    const [, , stream] = await seed(s.store);
    const a = await row(s.pool, stream, 3);
    const b = await row(s.pool, stream, 4);
    // The primary key is checked row by row: go through a free position.
    await s.pool.query('UPDATE es_events SET position = -1 WHERE event_id = $1', [a.event_id]);
    await s.pool.query('UPDATE es_events SET position = $2 WHERE event_id = $1', [b.event_id, a.position]);
    await s.pool.query('UPDATE es_events SET position = $2 WHERE event_id = $1', [a.event_id, b.position]);
    const report = await s.audit.verify();
    expect(report.ok).toBe(false);
    // Event 4 now comes first in the log, before event 3 of its stream.
    expect(report.firstBroken).toMatchObject({ eventId: b.event_id, streamId: stream, streamPosition: 4 });
  });

  it('detects two events swapped in their stream (places exchanged)', async () => {
    const s = await fresh('tamper_swap_stream');
    const [stream] = await seed(s.store);
    const a = await row(s.pool, stream, 1);
    const b = await row(s.pool, stream, 2);
    // Exchange everything but the places: the same rows, in each other's slots.
    await s.pool.query(
      'UPDATE es_events SET position = -position, stream_position = -stream_position - 1 WHERE event_id IN ($1, $2)',
      [a.event_id, b.event_id],
    );
    await s.pool.query('UPDATE es_events SET position = $2, stream_position = 2 WHERE event_id = $1', [
      a.event_id,
      b.position,
    ]);
    await s.pool.query('UPDATE es_events SET position = $2, stream_position = 1 WHERE event_id = $1', [
      b.event_id,
      a.position,
    ]);
    const report = await s.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ eventId: b.event_id, streamId: stream, streamPosition: 1 });
    expect(report.firstBroken!.reason).toMatch(/hash|previous/);
  });
});
