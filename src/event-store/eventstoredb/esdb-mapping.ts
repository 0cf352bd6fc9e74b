/**
 * The pure part of the EventStoreDB adapter: how the app's streams, positions and event types
 * map to EventStoreDB's, and how a retried append is recognised.
 */
import { InvalidAppendError } from '../event-store.port';

/**
 * Every stream the app writes is stored under this prefix, so that its reads of `$all` and its
 * subscription can ask the server for the app's own events only (a stream-name prefix filter),
 * on a server other applications write to as well.
 */
export const DEFAULT_STREAM_PREFIX = 'cedar.';

export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

/**
 * The port's position of an event at this `$all` position. Shifted by one so that an event at
 * position 0 (the first of an empty log) is still after the port's "nothing read yet", 0.
 * Appends write no explicit transactions, so prepare equals commit and is unique per event.
 */
export function toPortPosition(position: EsdbPosition | undefined, eventId: string): number {
  // Stream reads only carry positions from EventStoreDB 22.6 on.
  if (!position) throw new Error(`event ${eventId} has no $all position (EventStoreDB >= 22.6 required)`);
  const port = position.prepare + 1n;
  if (position.prepare < 0n || port > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`event ${eventId}: position ${position.prepare} is out of range`);
  }
  return Number(port);
}

/**
 * Where a forward read of `$all` starts to return the events after the port's position `after`:
 * at the event itself (the read includes it, the caller skips it), or at the start of the log.
 */
export function readStartAfter(after: number | undefined): 'start' | EsdbPosition {
  if (after === undefined || after <= 0) return 'start';
  const at = BigInt(after - 1);
  return { commit: at, prepare: at };
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|]/g;

/** An exact-match regex for these event types (EventStoreDB filters with .NET regexes; this subset reads the same). */
export function eventTypesRegex(types: readonly string[]): string {
  return `^(?:${types.map((t) => t.replace(REGEX_SPECIAL, '\\$&')).join('|')})$`;
}

export function toEsdbStream(prefix: string, streamId: string): string {
  return `${prefix}${streamId}`;
}

/** The app's stream id of an EventStoreDB stream, or undefined when the stream is not the app's. */
export function fromEsdbStream(prefix: string, streamName: string): string | undefined {
  return streamName.startsWith(prefix) && streamName.length > prefix.length
    ? streamName.slice(prefix.length)
    : undefined;
}

/** An event the app wrote: in one of its streams and not a system event. */
export function isOwnEvent(prefix: string, streamName: string, type: string, types?: ReadonlySet<string>): boolean {
  if (type.startsWith('$') || fromEsdbStream(prefix, streamName) === undefined) return false;
  return !types || types.has(type);
}

/**
 * Whether a batch is already in the stream (a retry): the index of its first event when all its
 * ids are stored there in order, -1 when none is. An id stored elsewhere in the stream, or the
 * batch only partly stored, is an event id reused for other content.
 */
export function storedBatchAt(storedIds: readonly string[], batchIds: readonly string[]): number {
  const at = storedIds.indexOf(batchIds[0]);
  if (at < 0) {
    const stored = new Set(storedIds);
    const reused = batchIds.find((id) => stored.has(id));
    if (reused) throw new InvalidAppendError(`event id ${reused} is already stored in this stream with another append`);
    return -1;
  }
  if (batchIds.every((id, i) => storedIds[at + i] === id)) return at;
  throw new InvalidAppendError(`event id ${batchIds[0]} is already stored in this stream with other events`);
}

/** The client's error types that mean the server is away or failed in a way nobody here can act on. */
const UNAVAILABLE_TYPES = new Set([
  'unavailable',
  'deadline-exceeded',
  'timeout',
  'cancelled',
  'unknown',
  'not-leader',
]);
/** gRPC status codes of the same: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNAVAILABLE */
const UNAVAILABLE_CODES = new Set([1, 2, 4, 10, 13, 14]);

/** Whether an error from the client means the store is unavailable (rather than a refusal the app understands). */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { type, code } = err as { type?: unknown; code?: unknown };
  if (typeof type === 'string') return UNAVAILABLE_TYPES.has(type);
  if (typeof code === 'number') return UNAVAILABLE_CODES.has(code);
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code);
}
