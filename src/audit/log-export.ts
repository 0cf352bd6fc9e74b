import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ChainVerifier, StoredEvent, VerifyReport } from '../event-store/chain-verifier';
import { EventStore } from '../event-store/event-store.port';
import { HASH_SCHEMES } from '../event-store/event-hash';
import { HeadTracker, LogHead } from '../event-store/log-head';
import { auditView, LogFilter } from './audit-event';
import { toReadOptions } from './audit-log.service';

/**
 * The event log as NDJSON, for auditors to keep and check offline:
 *   line 1: {"format": "cedar-heights-event-log", "version": 1, "filter": {...}, "after": n|null,
 *            "chains": "whole" | "partial"}
 *   then one event per line, as stored: {position, streamId, streamPosition, eventId, type,
 *     data, metadata, recordedAt, hash, prevHash}
 *   last line: {"end": true, "events": n, "head": {position, events, streams, digest} | null}
 *     (a file cut short lacks it; the head only for a whole export, see docs/audit.md)
 */
export const EXPORT_FORMAT = 'cedar-heights-event-log';
export const EXPORT_VERSION = 1;
const EXPORT_PAGE = 2000;

export interface ExportOptions extends LogFilter {
  /** export the events after this global position */
  after?: number;
}

export interface ExportResult {
  events: number;
  lastPosition: number;
  milliseconds: number;
}

/** Pages through the log and writes it to `out`, waiting whenever `out` is full: constant memory. */
export async function exportLog(
  store: EventStore,
  options: ExportOptions,
  out: Writable,
  onProgress?: (events: number) => void,
): Promise<ExportResult> {
  const started = process.hrtime.bigint();
  const { after: start, ...filter } = options;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const whole = isEmpty(filter) && !start;
  // A filtered export or one after a position holds parts of chains: each stream's first event
  // in the file is anchored on its recorded prevHash, not on a predecessor in the file. A
  // stream filter alone keeps its chain whole.
  const { streamId: _stream, ...narrowing } = filter;
  const header = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    filter: isEmpty(filter) ? null : filter,
    after: start ?? null,
    chains: isEmpty(narrowing) && !start ? 'whole' : 'partial',
  };
  const heads = whole ? new HeadTracker() : undefined;
  await write(`${JSON.stringify(header)}\n`);
  let after = start ?? 0;
  let events = 0;
  // As stored, byte for byte: the hashes cover exactly that.
  const read = (from: number) =>
    store.readAll({ ...toReadOptions(filter), asStored: true, after: from, limit: EXPORT_PAGE });
  let next = read(after);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    after = page[page.length - 1].position;
    // The next page loads while this one is written: two pages at most in memory.
    next = read(after);
    next.catch(() => undefined);
    let chunk = '';
    for (const e of page) {
      chunk += `${JSON.stringify(auditView(e))}\n`;
      heads?.add(e);
    }
    await write(chunk);
    events += page.length;
    onProgress?.(events);
  }
  await write(`${JSON.stringify({ end: true, events, head: heads ? heads.head() : null })}\n`);
  return { events, lastPosition: after, milliseconds: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** The file is not a well-formed export: names the line. */
export class ExportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExportFileError';
  }
}

/** A kept head was given for a partial export, which has no head to compare. */
export class PartialExportHeadError extends Error {}

/**
 * Verifies an export file offline: its form line by line, then every chain and the order, as
 * the online verification does. Malformed input throws ExportFileError; a broken chain is
 * reported (with its line) in the result.
 */
export async function verifyExportFile(
  path: string,
  onProgress?: (events: number) => void,
  kept?: LogHead,
): Promise<VerifyReport> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let verifier: ChainVerifier | undefined;
  let count = 0;
  let ended = false;
  let closingHead: unknown;
  let closingLine = 0;
  for await (const text of lines) {
    lineNo += 1;
    if (ended) {
      if (text.trim() === '') continue;
      throw new ExportFileError(lineNo, 'text after the closing line');
    }
    const value = parseLine(text, lineNo);
    if (!verifier) {
      const partial = partialOf(value, lineNo);
      if (kept && (value.filter !== null || partial.gapsAllowed || partial.streamsMayStartLate)) {
        throw new PartialExportHeadError(
          'a kept head can only be checked against a whole export (no filter, no --after)',
        );
      }
      verifier = new ChainVerifier(partial, kept);
      continue;
    }
    if (value.end === true) {
      if (value.events !== count)
        throw new ExportFileError(
          lineNo,
          `the closing line counts ${String(value.events)} events, the file holds ${count}`,
        );
      closingHead = value.head;
      closingLine = lineNo;
      ended = true;
      continue;
    }
    const event = toStoredEvent(value, lineNo);
    count += 1;
    if (!verifier.check(event, lineNo)) break;
    if (count % 10_000 === 0) onProgress?.(count);
  }
  lines.close();
  if (!verifier) throw new ExportFileError(1, 'the file is empty: no export header');
  if (verifier.ok && !ended)
    throw new ExportFileError(lineNo + 1, 'the file ends without its closing line: it was cut short');
  const report = verifier.report();
  if (!report.firstBroken && report.head && closingHead !== undefined && closingHead !== null) {
    const h = closingHead as Partial<LogHead>;
    const mismatch = (['position', 'events', 'streams', 'digest'] as const).find((k) => h[k] !== report.head![k]);
    if (mismatch)
      throw new ExportFileError(
        closingLine,
        `the closing line's head (${mismatch}) does not match the events of the file`,
      );
  }
  return report;
}

function parseLine(text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExportFileError(line, 'not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ExportFileError(line, 'not a JSON object');
  return value as Record<string, unknown>;
}

function partialOf(
  header: Record<string, unknown>,
  line: number,
): { streamsMayStartLate: boolean; gapsAllowed: boolean } {
  if (header.format !== EXPORT_FORMAT)
    throw new ExportFileError(line, `not an export header (format ${EXPORT_FORMAT} expected)`);
  if (header.version !== EXPORT_VERSION)
    throw new ExportFileError(line, `export version ${String(header.version)} is not supported`);
  const filter = (header.filter ?? {}) as Record<string, unknown>;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new ExportFileError(line, 'malformed filter');
  // A stream filter alone keeps each chain whole; any other filter leaves gaps in it.
  const { streamId: _whole, ...narrowing } = filter;
  const gapsAllowed = Object.values(narrowing).some((v) => v !== undefined && v !== null);
  const after = header.after;
  if (after !== null && after !== undefined && typeof after !== 'number')
    throw new ExportFileError(line, 'malformed after');
  return { streamsMayStartLate: gapsAllowed || (typeof after === 'number' && after > 0), gapsAllowed };
}

function toStoredEvent(v: Record<string, unknown>, line: number): StoredEvent {
  const need = (ok: boolean, field: string) => {
    if (!ok) throw new ExportFileError(line, `missing or malformed ${field}`);
  };
  need(Number.isSafeInteger(v.position), 'position');
  need(typeof v.streamId === 'string' && v.streamId !== '', 'streamId');
  need(Number.isSafeInteger(v.streamPosition) && (v.streamPosition as number) >= 0, 'streamPosition');
  need(typeof v.eventId === 'string' && v.eventId !== '', 'eventId');
  need(typeof v.type === 'string' && v.type !== '', 'type');
  need('data' in v, 'data');
  need(v.metadata !== null && typeof v.metadata === 'object' && !Array.isArray(v.metadata), 'metadata');
  need(typeof v.hash === 'string' && /^[0-9a-f]{64}$/.test(v.hash), 'hash');
  need(v.prevHash === null || (typeof v.prevHash === 'string' && /^[0-9a-f]{64}$/.test(v.prevHash)), 'prevHash');
  need(v.hashScheme === undefined || (HASH_SCHEMES as readonly unknown[]).includes(v.hashScheme), 'hashScheme');
  return {
    position: v.position as number,
    streamId: v.streamId as string,
    streamPosition: v.streamPosition as number,
    eventId: v.eventId as string,
    type: v.type as string,
    data: v.data,
    metadata: v.metadata,
    hash: v.hash as string,
    prevHash: v.prevHash as string | null,
    ...(v.hashScheme !== undefined ? { hashScheme: v.hashScheme as number } : {}),
  };
}

function isEmpty(filter: LogFilter): boolean {
  return Object.values(filter).every((v) => v === undefined);
}
