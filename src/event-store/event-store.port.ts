/**
 * The event store port. Two adapters implement it (PostgreSQL, EventStoreDB) and both must
 * pass test/event-store/event-store.contract.ts.
 *
 * Global positions are plain numbers: strictly increasing in log order, unique, not dense.
 */

export type ActorRole = 'admin' | 'teacher' | 'parent' | 'auditor' | 'system' | 'stripe' | 'public';

export interface Actor {
  /** user id, or a fixed name for non-human actors ('system', 'stripe', 'public') */
  id: string;
  role: ActorRole;
}

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** ISO 8601 instant when the fact happened (from the command's clock, not the store) */
  occurredAt: string;
  schemaVersion: number;
}

/** An event as the domain writes it. */
export interface NewEvent<T extends string = string, D = unknown> {
  eventId: string;
  type: T;
  data: D;
  metadata: EventMetadata;
}

/** An event as read back from the store. */
export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  streamId: string;
  /** 0-based position inside its stream */
  streamPosition: number;
  /** position in the single, totally ordered global log */
  position: number;
  /** when the store recorded it */
  recordedAt: string;
  /**
   * Tamper evidence (see event-hash.ts): SHA-256 over the event as stored and the previous
   * event's hash in its stream (`prevHash`, null for a stream's first event).
   */
  hash?: string;
  prevHash?: string | null;
  /** how the hash was computed (event-hash.ts, docs/audit.md); absent: scheme 1 */
  hashScheme?: number;
}

/**
 * Expected revision of a stream before an append:
 * - 'no_stream': the stream must not exist yet
 * - 'any': no check
 * - a number: the stream's last event must be at exactly this stream position
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** stream position of the last event of the stream after the append */
  nextExpectedRevision: number;
  /** global position of the last appended event */
  position: number;
  /** false when every event id was already stored: the append was a retry and changed nothing */
  written: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** stream position to start at (inclusive); default: start (forwards) or end (backwards) */
  from?: number;
  /** default: the whole stream */
  limit?: number;
  /** false: older schema versions are not upcast (the audit log shows events as they were written) */
  upcast?: boolean;
  /** see ReadAllOptions.asStored */
  asStored?: boolean;
}

export interface ReadAllOptions {
  /** read events strictly after this global position; default: from the beginning */
  after?: number;
  limit?: number;
  /** only these event types (the log order is kept); an empty list matches nothing */
  types?: readonly string[];
  /** only the events of this stream */
  streamId?: string;
  /** only the events of this request or workflow run */
  correlationId?: string;
  /** only the events this actor (user id, or 'system', 'stripe', 'public') caused */
  actorId?: string;
  /** only events whose metadata.occurredAt is at or after this instant (ISO 8601, UTC) */
  occurredFrom?: string;
  /** only events whose metadata.occurredAt is before this instant (ISO 8601, UTC) */
  occurredBefore?: string;
  /** false: older schema versions are not upcast (the audit log shows events as they were written) */
  upcast?: boolean;
  /**
   * true: the events byte for byte as stored, as their hashes cover them (verification, export):
   * no upcasting, and a decorator that transforms events on read (e.g. decrypts) must not either.
   */
  asStored?: boolean;
}

export interface EventStore {
  readonly name: 'postgres' | 'eventstoredb';
  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** [] when the stream does not exist */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads the global log in order. Never returns an event while an event with a lower position
   * may still become visible (a reader that resumes after the last returned position never skips).
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The position of the newest committed event (of these types); 0 when there is none. A reader
   * of the global log reaches it once every earlier transaction has finished.
   */
  headPosition(types?: readonly string[]): Promise<number>;
  /**
   * Calls back (possibly spuriously) when new events may be readable, with what was appended
   * when the store knows it, without when it may have been anything. Returns an unsubscribe
   * function. Readers must still poll: this is only a latency hint.
   */
  onAppended(listener: (appended?: AppendedHint) => void): () => void;
  /**
   * Runs `work`; the forward reads of whole streams or their tails it asks for before it first
   * waits may go to the store together (one statement, one snapshot), each answer what a read
   * alone gives. A store that cannot gathers nothing and just runs it.
   */
  together<T>(work: () => T): T;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * What an append (or several) wrote: for each event type, the global position of the last event
 * of that type. A reader of some types knows it is not done until it has read past the highest
 * of its types' positions; an append of none of its types does not concern it. The events may
 * not be readable yet (an older transaction still open, or the appending one not yet committed).
 */
export type AppendedHint = Readonly<Record<string, number>>;

/** The hint of one append whose last event is at `lastPosition` (an append's positions are consecutive). */
export function appendedHint(events: readonly { type: string }[], lastPosition: number): AppendedHint {
  const hint: Record<string, number> = {};
  events.forEach((e, i) => {
    hint[e.type] = Math.max(hint[e.type] ?? 0, lastPosition - (events.length - 1 - i));
  });
  return hint;
}

/** Merges hints: the highest position per type. */
export function mergeHints(into: Record<string, number>, hint: AppendedHint): void {
  for (const [type, position] of Object.entries(hint)) into[type] = Math.max(into[type] ?? 0, position);
}

/** The stream's actual revision did not match the expected one. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The append itself was malformed (empty, too large, event id reused for other content). */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/**
 * The event store could not be reached, or failed in a way the app cannot act on (down,
 * restarting, an unknown server error). Nothing is known to be written: the caller may retry.
 */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(readonly reason: string) {
    super(`the event store is unavailable: ${reason}`);
    this.name = 'EventStoreUnavailableError';
  }
}

export const MAX_EVENTS_PER_APPEND = 1000;

export function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (!streamId || streamId.length > 200) throw new InvalidAppendError('stream id must be 1..200 characters');
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(`an append takes at most ${MAX_EVENTS_PER_APPEND} events`);
  }
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new InvalidAppendError('expected revision must be a non-negative integer, no_stream or any');
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (ids.has(e.eventId)) throw new InvalidAppendError(`event id ${e.eventId} appears twice in one append`);
    ids.add(e.eventId);
  }
}
