import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Pool } from 'pg';
import { runExport, runVerify, UsageError } from '../../src/audit/audit-cli';
import { ExportFileError, exportLog, ExportOptions, verifyExportFile } from '../../src/audit/log-export';
import { migrate } from '../../src/database/orm.config';
import { EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { createTestDatabase, TestDatabase } from '../support/database';
import { untilLogVisible } from '../support/log-visible';

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
const dir = mkdtempSync(path.join(tmpdir(), 'cedar-export-'));
const streams = Array.from({ length: 6 }, (_, i) => `${i % 2 ? 'lesson' : 'student'}-${randomUUID()}`);

const event = (type: string, data: unknown, occurredAt = '2026-11-20T10:00:00.000Z'): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'exporter', role: 'admin' },
    occurredAt,
    schemaVersion: 1,
  },
});

beforeAll(async () => {
  database = await createTestDatabase('audit_export');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  store = new PostgresEventStore(pool);
  // 6 streams × 40 appends of 1–3 events, interleaved: 480 events.
  for (let round = 0; round < 40; round += 1) {
    for (const [i, s] of streams.entries()) {
      const size = 1 + ((round + i) % 3);
      const day = String(10 + (round % 20)).padStart(2, '0');
      await store.append(
        s,
        Array.from({ length: size }, (_, k) =>
          event(k === 0 ? 'Noted' : 'Remarked', { round, k, text: 'Ça “va” ✓' }, `2026-11-${day}T10:00:00.000Z`),
        ),
        'any',
      );
    }
  }
  await untilLogVisible(store);
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function exportTo(file: string, options: ExportOptions = {}) {
  const out = createWriteStream(file);
  const result = await exportLog(store, options, out);
  out.end();
  await finished(out);
  return result;
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');
const rewrite = (file: string, edit: (lines: string[]) => string[]) => {
  const target = path.join(dir, `${randomUUID()}.ndjson`);
  writeFileSync(target, `${edit(lines(file)).join('\n')}\n`);
  return target;
};

describe('export of the log as NDJSON, verified offline', () => {
  let full: string;
  beforeAll(async () => {
    full = path.join(dir, 'full.ndjson');
    expect((await exportTo(full)).events).toBe(480);
  });

  it('writes a header, every event as stored in global order, and a closing line; the copy verifies', async () => {
    const all = lines(full);
    expect(JSON.parse(all[0])).toMatchObject({
      format: 'cedar-heights-event-log',
      version: 1,
      filter: null,
      chains: 'whole',
    });
    const closing = JSON.parse(all[all.length - 1]);
    expect(closing).toEqual({
      end: true,
      events: 480,
      head: { position: expect.any(Number), events: 480, streams: 6, digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const positions = all.slice(1, -1).map((l) => JSON.parse(l).position as number);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(JSON.parse(all[1])).toMatchObject({ streamPosition: 0, prevHash: null, data: { text: 'Ça “va” ✓' } });
    expect(await verifyExportFile(full)).toEqual({
      ok: true,
      eventsChecked: 480,
      streams: 6,
      partialStreams: 0,
      head: closing.head,
    });
  });

  it('exports a filter (one stream, one type, after a position) that verifies too', async () => {
    const one = path.join(dir, 'stream.ndjson');
    const ofStream = lines(full).filter((l) => l.includes(`"streamId":"${streams[2]}"`)).length;
    expect((await exportTo(one, { streamId: streams[2] })).events).toBe(ofStream);
    expect(await verifyExportFile(one)).toMatchObject({
      ok: true,
      streams: 1,
      eventsChecked: ofStream,
      partialStreams: 0,
    });
    expect(JSON.parse(lines(one)[0]).chains).toBe('whole');

    const typed = path.join(dir, 'type.ndjson');
    const { events } = await exportTo(typed, { types: ['Remarked'] });
    expect(events).toBe(480 - 240);
    expect(JSON.parse(lines(typed)[0])).toMatchObject({ filter: { types: ['Remarked'] }, chains: 'partial' });
    // Every stream's chain in that file starts past its first event and skips positions: said so.
    expect(await verifyExportFile(typed)).toMatchObject({ ok: true, eventsChecked: 240, partialStreams: 6 });
    const said: string[] = [];
    expect(await runVerify(null, ['--file', typed], (l) => said.push(l))).toBe(0);
    expect(said[0]).toMatch(
      /^ok: 240 events in 6 streams; a partial log: 0 chains checked from their first event, 6 only from where the file starts them/,
    );
    expect(said[0]).not.toMatch(/every chain/);

    const middle = JSON.parse(lines(full)[240]).position as number;
    const later = path.join(dir, 'after.ndjson');
    expect((await exportTo(later, { after: middle })).events).toBe(480 - 240);
    expect(await verifyExportFile(later)).toMatchObject({ ok: true, eventsChecked: 240 });

    const range = path.join(dir, 'range.ndjson');
    const ranged = await exportTo(range, { from: '2026-11-12T00:00:00.000Z', to: '2026-11-14T00:00:00.000Z' });
    expect(ranged.events).toBeGreaterThan(0);
    for (const l of lines(range).slice(1, -1)) expect(JSON.parse(l).metadata.occurredAt).toMatch(/^2026-11-1[23]T/);
    expect(await verifyExportFile(range)).toMatchObject({ ok: true, eventsChecked: ranged.events });
  });

  it('names the line of an event whose data was altered in the file', async () => {
    const file = rewrite(full, (ls) => ls.map((l, i) => (i === 100 ? l.replace('"round":', '"round":1') : l)));
    const report = await verifyExportFile(file);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ line: 101, eventId: JSON.parse(lines(full)[100]).eventId });
    expect(report.firstBroken!.reason).toMatch(/hash does not match/);
  });

  it('detects a line removed from the middle, two lines swapped, and a file cut short', async () => {
    const original = lines(full);
    const victim = JSON.parse(original[50]);
    // The next event of the victim's stream is the first that misses it.
    const nextOfStream = original.findIndex((l, i) => i > 50 && l.includes(`"streamId":"${victim.streamId}"`));
    const removed = rewrite(full, (ls) =>
      ls.filter((_, i) => i !== 50).map((l, i, all) => (i === all.length - 1 ? '{"end":true,"events":479}' : l)),
    );
    expect((await verifyExportFile(removed)).firstBroken).toMatchObject({
      line: nextOfStream,
      eventId: JSON.parse(original[nextOfStream]).eventId,
    });

    const swapped = rewrite(full, (ls) => ls.map((l, i) => (i === 20 ? ls[21] : i === 21 ? ls[20] : l)));
    const report = await verifyExportFile(swapped);
    // Line 21 now holds the later event; line 22 the earlier one, out of order.
    expect(report.firstBroken).toMatchObject({ line: 22, eventId: JSON.parse(original[20]).eventId });
    expect(report.firstBroken!.reason).toMatch(/global position/);

    const cut = rewrite(full, (ls) => ls.slice(0, 300));
    await expect(verifyExportFile(cut)).rejects.toThrow(
      new ExportFileError(301, 'the file ends without its closing line: it was cut short'),
    );
  });

  it('refuses a malformed file, naming the line', async () => {
    const notJson = rewrite(full, (ls) => ls.map((l, i) => (i === 4 ? l.slice(0, 40) : l)));
    await expect(verifyExportFile(notJson)).rejects.toThrow('line 5: not valid JSON');
    const noHash = rewrite(full, (ls) =>
      ls.map((l, i) => (i === 7 ? l.replace(/"hash":"[0-9a-f]+"/, '"hash":"x"') : l)),
    );
    await expect(verifyExportFile(noHash)).rejects.toThrow('line 8: missing or malformed hash');
    const noHeader = rewrite(full, (ls) => ls.slice(1));
    await expect(verifyExportFile(noHeader)).rejects.toThrow(/^line 1: not an export header/);
    const wrongCount = rewrite(full, (ls) => ls.map((l, i) => (i === ls.length - 1 ? '{"end":true,"events":479}' : l)));
    await expect(verifyExportFile(wrongCount)).rejects.toThrow(
      'line 482: the closing line counts 479 events, the file holds 480',
    );
  });

  it('is the CLI verify --file: exit 0 when whole, 1 naming the broken line, 65 naming a malformed line', async () => {
    const said: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runVerify(null, ['--file', full], (l) => said.push(l))).toBe(0);
      expect(said.pop()).toMatch(/^ok: 480 events in 6 streams/);
      const altered = rewrite(full, (ls) =>
        ls.map((l, i) => (i === 9 ? l.replace(/"type":"[A-Za-z]+"/, '"type":"Renamed"') : l)),
      );
      expect(await runVerify(null, ['--file', altered], (l) => said.push(l))).toBe(1);
      expect(said.join('\n')).toMatch(/BROKEN at line 10: event .* hash does not match/);
      const corrupt = rewrite(full, (ls) => ls.map((l, i) => (i === 3 ? '{oops' : l)));
      expect(await runVerify(null, [`--file=${corrupt}`], (l) => said.push(l))).toBe(65);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('line 4: not valid JSON');
    } finally {
      err.mockRestore();
    }
  });

  it('exports several types in one --type, says so when nothing matched, and refuses a malformed list', async () => {
    const app = { get: () => store } as never;
    const both = path.join(dir, 'both.ndjson');
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runExport(app, ['--type', 'Noted, Remarked', '--out', both], () => undefined)).toBe(0);
      expect(lines(both).length).toBe(480 + 2);
      expect(JSON.parse(lines(both)[0]).filter).toEqual({ types: ['Noted', 'Remarked'] });
      const none = path.join(dir, 'none.ndjson');
      expect(await runExport(app, ['--type', 'ChargePosted,RefundPosted', '--out', none], () => undefined)).toBe(0);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('no event matched the filter');
      await expect(runExport(app, ['--type', 'Noted,,Remarked'], () => undefined)).rejects.toThrow(UsageError);
    } finally {
      err.mockRestore();
    }
  });

  it('keeps memory constant: never reads another page while the output is still full', async () => {
    let reads = 0;
    let maxPendingAtRead = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, done) {
        setTimeout(done, 2);
      },
    });
    const counting: EventStore = Object.create(store, {
      readAll: {
        value: (o: Parameters<EventStore['readAll']>[0]) => {
          reads += 1;
          maxPendingAtRead = Math.max(maxPendingAtRead, slow.writableLength);
          return store.readAll({ ...o, limit: 50 });
        },
      },
    });
    const result = await exportLog(counting, {}, slow);
    expect(result.events).toBe(480);
    expect(reads).toBe(Math.ceil(480 / 50) + 1);
    // Each read waited until the writer had drained below its high-water mark.
    expect(maxPendingAtRead).toBeLessThan(16 * 1024);
  });
});
