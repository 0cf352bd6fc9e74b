/**
 * The in-memory log of the EventStoreDB protocol stand-in: streams, the `$all` log and the
 * append rules EventStoreDB documents (expected revision, idempotent appends by event id).
 * It outlives the gRPC server that serves it, so a test can stop the server and start another
 * on the same port with the same data, as a restarted server would have.
 */

export interface StoredRecord {
  streamName: string;
  revision: number;
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
  /** ticks (100 ns) since the Unix epoch, as the protocol carries `created` */
  created: bigint;
  /** commit = prepare = this log position: appends write no explicit transactions */
  position: number;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
}

export type Expected =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: number };

export type AppendOutcome =
  | { kind: 'written'; revision: number; position: number }
  /** every event id was already written where the expected revision puts them: acknowledged, nothing written */
  | { kind: 'idempotent'; revision: number }
  | { kind: 'wrong_expected_version'; current: number | 'no_stream'; expected: Expected }
  | { kind: 'stream_deleted' };

interface StreamState {
  records: StoredRecord[];
  /** soft delete: reads start here (EventStoreDB's truncate-before); the revisions go on */
  truncateBefore: number;
  tombstoned: boolean;
}

export type Filter = { on: 'stream' | 'type'; regex?: RegExp; prefixes?: readonly string[] };

export function matches(filter: Filter | undefined, record: StoredRecord): boolean {
  if (!filter) return true;
  const value = filter.on === 'stream' ? record.streamName : record.type;
  if (filter.regex) return filter.regex.test(value);
  return (filter.prefixes ?? []).some((p) => value.startsWith(p));
}

export class StandInLog {
  private readonly streams = new Map<string, StreamState>();
  private readonly all: StoredRecord[] = [];
  private nextPosition = 0;
  private readonly listeners = new Set<() => void>();
  /** events sent to readers and subscribers so far: what a server-side filter saves shows here */
  eventsSent = 0;
  /** what the next append answers instead of appending (a test's failure injection) */
  failNextAppends: { count: number; error: 'unknown' | 'unavailable' } | undefined;

  get records(): readonly StoredRecord[] {
    return this.all;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamName: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) return { kind: 'stream_deleted' };
    const records = stream?.records ?? [];
    const current = records.length - 1;
    const exists = current >= (stream?.truncateBefore ?? 0);
    const wrong = (): AppendOutcome => ({
      kind: 'wrong_expected_version',
      current: exists ? current : 'no_stream',
      expected,
    });

    if (expected.kind === 'any') {
      // A batch whose first event id is already in the stream is a retry when the rest follow it.
      const at = events.length ? records.findIndex((r) => r.id === events[0].id) : -1;
      if (at >= 0)
        return this.sameIdsAt(records, at, events) ? { kind: 'idempotent', revision: at + events.length - 1 } : wrong();
    } else if (expected.kind === 'stream_exists') {
      if (!exists) return wrong();
    } else {
      const want = expected.kind === 'no_stream' ? -1 : expected.revision;
      if (expected.kind === 'no_stream' ? exists : want !== current) {
        // The events already written right after the expected revision: an acknowledged retry.
        if (want < current && this.sameIdsAt(records, want + 1, events)) {
          return { kind: 'idempotent', revision: want + events.length };
        }
        return wrong();
      }
    }
    const created = BigInt(Date.now()) * 10_000n;
    const state = stream ?? { records, truncateBefore: 0, tombstoned: false };
    for (const e of events) {
      const record: StoredRecord = {
        ...e,
        streamName,
        revision: state.records.length,
        created,
        position: this.nextPosition,
      };
      // Positions are byte offsets in a real log: increasing, never dense.
      this.nextPosition +=
        64 + e.data.length + e.metadata.length + Buffer.byteLength(streamName) + Buffer.byteLength(e.type);
      state.records.push(record);
      this.all.push(record);
    }
    this.streams.set(streamName, state);
    for (const listener of this.listeners) listener();
    const last = state.records[state.records.length - 1];
    return { kind: 'written', revision: last.revision, position: last.position };
  }

  private sameIdsAt(records: readonly StoredRecord[], from: number, events: readonly ProposedEvent[]): boolean {
    if (from < 0 || from + events.length > records.length) return false;
    return events.every((e, i) => records[from + i].id === e.id);
  }

  /** soft delete (the stream reads as missing; appending recreates it) or tombstone (gone for good) */
  delete(streamName: string, expected: Expected, hard: boolean): AppendOutcome | { kind: 'deleted' } {
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) return { kind: 'stream_deleted' };
    const current = stream ? stream.records.length - 1 : -1;
    const exists = !!stream && current >= stream.truncateBefore;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && !exists) ||
      (expected.kind === 'stream_exists' && exists) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!ok) return { kind: 'wrong_expected_version', current: exists ? current : 'no_stream', expected };
    const state = stream ?? { records: [], truncateBefore: 0, tombstoned: false };
    if (hard) state.tombstoned = true;
    else state.truncateBefore = state.records.length;
    this.streams.set(streamName, state);
    return { kind: 'deleted' };
  }

  /** the stream's readable events; undefined when it does not exist (or was soft-deleted), 'deleted' when tombstoned */
  streamRecords(streamName: string): readonly StoredRecord[] | undefined | 'deleted' {
    const stream = this.streams.get(streamName);
    if (!stream) return undefined;
    if (stream.tombstoned) return 'deleted';
    const visible = stream.records.slice(stream.truncateBefore);
    return visible.length ? visible : undefined;
  }

  /** index in the `$all` log of the first record at or after `position` */
  indexAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid].position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
