import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { runVerify, UsageError } from '../../src/audit/audit-cli';
import { AuditLogService } from '../../src/audit/audit-log.service';
import { exportLog, ExportOptions, verifyExportFile } from '../../src/audit/log-export';
import { migrate } from '../../src/database/orm.config';
import { eventHash } from '../../src/event-store/event-hash';
import { NewEvent } from '../../src/event-store/event-store.port';
import { LogHead } from '../../src/event-store/log-head';
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
const dir = mkdtempSync(path.join(tmpdir(), 'cedar-head-'));
const streams = Array.from({ length: 4 }, (_, i) => `lesson-${i}-${randomUUID()}`);

const event = (data: unknown): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'head-test', role: 'admin' },
    occurredAt: '2026-11-20T10:00:00.000Z',
    schemaVersion: 1,
  },
});

beforeAll(async () => {
  database = await createTestDatabase('audit_head');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  store = new PostgresEventStore(pool);
  audit = new AuditLogService(store, new SystemClock());
  for (let round = 0; round < 5; round += 1)
    for (const s of streams) await store.append(s, [event({ round, s, n: 0.5 * round, t: 'é\n' })], 'any');
  await untilLogVisible(store);
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function exportTo(name: string, options: ExportOptions = {}): Promise<string> {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  await exportLog(store, options, out);
  out.end();
  await finished(out);
  return file;
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

/** What a careful tamperer does: drop event lines, then write a closing line that matches what is left. */
async function withoutLines(file: string, drop: (line: string, index: number) => boolean): Promise<string> {
  const kept = lines(file).filter((l, i, all) => i === 0 || i === all.length - 1 || !drop(l, i));
  const target = path.join(dir, `${randomUUID()}.ndjson`);
  const body = kept.slice(0, -1);
  writeFileSync(
    target,
    `${[...body, JSON.stringify({ end: true, events: body.length - 1, head: null })].join('\n')}\n`,
  );
  const { head } = await verifyExportFile(target);
  writeFileSync(target, `${[...body, JSON.stringify({ end: true, events: body.length - 1, head })].join('\n')}\n`);
  return target;
}

const reference = async (...args: string[]): Promise<{ code: number; out: string }> => {
  try {
    const { stdout } = await run(process.execPath, [REFERENCE, ...args]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
};

describe('the head of the log: removals at the end show against a head kept elsewhere', () => {
  let kept: LogHead;
  let full: string;
  beforeAll(async () => {
    const served = await audit.head();
    expect(served).toMatchObject({ format: 'cedar-heights-log-head', version: 1, events: 20, streams: 4 });
    kept = { position: served.position, events: served.events, streams: served.streams, digest: served.digest };
    full = await exportTo('full.ndjson');
  });

  it("is the export's closing head, and a whole export verifies against it", async () => {
    expect(JSON.parse(lines(full).at(-1)!).head).toEqual(kept);
    expect(await verifyExportFile(full, undefined, kept)).toMatchObject({ ok: true, headCheck: { ok: true } });
    expect((await reference(full, '--head', JSON.stringify(kept))).code).toBe(0);
  });

  it('catches the last event of a stream removed, which the chains alone do not', async () => {
    const lastOfStream0 = lines(full)
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.includes(streams[0]))
      .at(-1)![1];
    const cut = await withoutLines(full, (_, i) => i === lastOfStream0);
    expect(await verifyExportFile(cut)).toMatchObject({ ok: true, eventsChecked: 19 });
    const report = await verifyExportFile(cut, undefined, kept);
    expect(report.ok).toBe(false);
    expect(report.headCheck!.reason).toMatch(/holds 19 events, the kept head 20: events were removed/);
    const ref = await reference(cut, '--head', JSON.stringify(kept));
    expect(ref.code).toBe(1);
    expect(ref.out).toMatch(/kept head/);
  });

  it('catches the last event of the whole log removed, by the CLI too (exit 1), and the head given as a file', async () => {
    const cut = await withoutLines(full, (_, i) => i === lines(full).length - 2);
    const headFile = path.join(dir, 'head.json');
    writeFileSync(headFile, JSON.stringify(kept));
    const said: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runVerify(null, ['--file', cut], (l) => said.push(l))).toBe(0);
      expect(await runVerify(null, ['--file', cut, '--head', headFile], (l) => said.push(l))).toBe(1);
      expect(said.join('\n')).toMatch(/BROKEN against the kept head: up to position \d+ the log holds 19 events/);
      expect(await runVerify(null, ['--file', full, '--head', headFile], (l) => said.push(l))).toBe(0);
      expect(said.at(-1)).toMatch(/the kept head at position \d+ matches/);
      await expect(runVerify(null, ['--file', full, '--head', '{"position":1}'], () => undefined)).rejects.toThrow(
        UsageError,
      );
    } finally {
      err.mockRestore();
    }
    expect((await reference(cut, '--head', headFile)).code).toBe(1);
  });

  it('catches the last event of a stream replaced by a consistent forgery (same count, another hash)', async () => {
    const all = lines(full);
    const index = all
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.includes(streams[1]))
      .at(-1)![1];
    const before = JSON.parse(all[index]);
    const replacement = { ...before, data: { ...before.data, round: 99 } };
    replacement.hash = eventHash(replacement, replacement.prevHash);
    const file = path.join(dir, 'forged.ndjson');
    const forged = all.map((l, i) =>
      i === index
        ? JSON.stringify(replacement)
        : i === all.length - 1
          ? JSON.stringify({ end: true, events: 20, head: null })
          : l,
    );
    writeFileSync(file, `${forged.join('\n')}\n`);
    expect(await verifyExportFile(file)).toMatchObject({ ok: true });
    const report = await verifyExportFile(file, undefined, kept);
    expect(report.headCheck).toMatchObject({ ok: false, reason: expect.stringMatching(/last hashes differ/) });
    expect((await reference(file, '--head', JSON.stringify(kept))).code).toBe(1);
  });

  it('refuses a kept head for a filtered export, which has no head', async () => {
    const typed = await exportTo('typed.ndjson', { types: ['Noted'] });
    expect(JSON.parse(lines(typed)[0]).chains).toBe('partial');
    expect(JSON.parse(lines(typed).at(-1)!).head).toBeNull();
    await expect(runVerify(null, ['--file', typed, '--head', JSON.stringify(kept)], () => undefined)).rejects.toThrow(
      /whole export/,
    );
  });

  it('catches the live log losing its last events against the kept head; later appends are fine', async () => {
    await store.append(streams[2], [event({ later: true })], 'any');
    await untilLogVisible(store);
    expect(await audit.verify(undefined, kept)).toMatchObject({ ok: true, headCheck: { ok: true } });
    // The last event of stream 3 (before the kept head) disappears from the database.
    await pool.query(
      `WITH gone AS (DELETE FROM es_events WHERE stream_id = $1 AND stream_position = 4 RETURNING stream_id)
       UPDATE es_streams SET revision = 3 WHERE stream_id IN (SELECT stream_id FROM gone)`,
      [streams[3]],
    );
    const plain = await audit.verify();
    expect(plain).toMatchObject({ ok: true, eventsChecked: 20 });
    const report = await audit.verify(undefined, kept);
    expect(report).toMatchObject({ ok: false, headCheck: { ok: false, found: { events: 19 } } });
    expect(report.firstBroken).toBeUndefined();
    // The CLI's live verify says the same: exit 0 without the head, 1 against it.
    const app = async () => ({ get: () => audit }) as never;
    const said: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runVerify(app, [], (l) => said.push(l))).toBe(0);
      expect(await runVerify(app, ['--head', JSON.stringify(kept)], (l) => said.push(l))).toBe(1);
    } finally {
      err.mockRestore();
    }
    expect(said.join('\n')).toMatch(
      /BROKEN against the kept head: up to position \d+ the log holds 19 events, the kept head 20/,
    );
  });
});
