import { Decider, DomainEvent, foldOnto } from '../shared/decider';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { keepAtMost } from '../shared/kept-at-most';

/** how long, and for how many streams, a stream read by a check is kept for the command that follows it */
const RECENT_READ_MS = 1_000;
const RECENT_READS = 1_000;
/**
 * How long a stream's beginning, once read whole, stands for that beginning: completed by the
 * event that triggers the next step, or by reading only what was stored after it. Then it is
 * read whole again, and dropped from memory within SWEEP_MS (a forgotten family's values are not
 * kept in the clear beyond this).
 */
const KNOWN_PREFIX_MS = 30_000;
const SWEEP_MS = 5_000;

/** What was folded of a stream's beginning: by which decider, how many events, into what. */
interface Folded {
  evolve: (state: unknown, event: never) => unknown;
  count: number;
  state: unknown;
}

/** A stream's beginning this process knows (see KnownStreams.prefixes). */
interface KnownBeginning {
  events: readonly RecordedEvent[];
  /** when its first events were read whole */
  since: number;
  folded?: Folded;
}

/** Whether the shorter of two reads of a stream (each from its first event) is the other's beginning. */
function sameBeginning(a: readonly RecordedEvent[], b: readonly RecordedEvent[]): boolean {
  const n = Math.min(a.length, b.length);
  return n === 0 || a[n - 1].eventId === b[n - 1].eventId;
}

/**
 * What the command executor of this process knows of the streams it read, to read and fold less:
 *  - `recent`: streams as a check just read them (CommandExecutor.load(), history()), each kept for
 *    the next command on the same stream: a workflow step that checks its enrollment and then
 *    decides on it reads the stream once, not twice. Only a command uses it, and its append
 *    carries the expected revision of what it decided on, so a stream changed meanwhile fails the
 *    append and is read again.
 *  - `prefixes`: each stream's beginning as this process last read or decided on it, and since
 *    when it stands. Events once stored never change, so that beginning followed by an event of
 *    the stream that came after it is the stream up to that event: a workflow step triggered by
 *    the event the step before appended gets its stream without reading it (through()); and a
 *    stream read again is that beginning and what was stored after it (a teacher's calendar, a
 *    lesson at a time: read()), folded from the state of that beginning (fold()).
 */
export class KnownStreams {
  private readonly recent = new Map<string, { events: readonly RecordedEvent[]; at: number }>();
  private readonly prefixes = new Map<string, KnownBeginning>();
  /** drops what is past its time (see sweepSoon) */
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly store: EventStore) {}

  /** What a check read of the stream within RECENT_READ_MS, taken (it serves one command). */
  takeRecent(streamId: string): readonly RecordedEvent[] | undefined {
    const recent = this.recent.get(streamId);
    this.recent.delete(streamId);
    return recent && performance.now() - recent.at < RECENT_READ_MS ? recent.events : undefined;
  }

  /** The stream up to `event` (of that stream) from its known beginning; undefined when not known. */
  through(streamId: string, event: RecordedEvent): readonly RecordedEvent[] | undefined {
    const events = this.knownBeginning(streamId);
    if (!events || event.streamId !== streamId) return undefined;
    const at = event.streamPosition;
    if (events.length > at) return events[at].eventId === event.eventId ? events : undefined;
    return events.length === at ? [...events, event] : undefined;
  }

  /** The stream's beginning as this process knows it (every position from the first on, with no gap). */
  private knownBeginning(streamId: string): readonly RecordedEvent[] | undefined {
    const known = this.prefixes.get(streamId);
    if (!known || performance.now() - known.since > KNOWN_PREFIX_MS) return undefined;
    const events = known.events;
    if (events.length > 0 && events[events.length - 1].streamPosition !== events.length - 1) return undefined;
    return events;
  }

  /**
   * The stream as stored now: its known beginning and only what was stored after it, when this
   * process knows its beginning; else all of it.
   */
  async read(streamId: string): Promise<{ events: readonly RecordedEvent[]; whole: boolean }> {
    const known = this.knownBeginning(streamId);
    if (known?.length) {
      const rest = await this.store.readStream(streamId, { from: known.length });
      if (rest.length === 0) return { events: known, whole: false };
      // (a stream that does not go on from there is not the one known: read whole)
      if (rest[0].streamPosition === known.length) return { events: [...known, ...rest], whole: false };
    }
    return { events: await this.store.readStream(streamId), whole: true };
  }

  /**
   * The stream's events folded (deciders are pure: a state once folded is never changed): from
   * the state this process last folded of its beginning, when that beginning is still the one
   * known (see rememberBeginning), and the events after it; else from the start.
   */
  fold<S, E extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveAll'>,
    events: readonly RecordedEvent[],
  ): S {
    const known = this.prefixes.get(streamId);
    const kept = known?.events === events ? known.folded : undefined;
    const from = kept?.evolve === decider.evolve ? kept : undefined;
    const start = from ? (from.state as S) : decider.initialState();
    const state = foldOnto(decider, start, (from ? events.slice(from.count) : events) as unknown as E[]);
    if (known?.events === events && events.length > 0)
      known.folded = { evolve: decider.evolve as Folded['evolve'], count: events.length, state };
    return state;
  }

  /** Keeps what a check just read for the command that follows it (see `recent`). */
  rememberRecent(streamId: string, events: readonly RecordedEvent[]): void {
    this.recent.delete(streamId);
    this.recent.set(streamId, { events, at: performance.now() });
    keepAtMost(this.recent, RECENT_READS);
    this.sweepSoon();
  }

  /**
   * Keeps a stream's beginning: one read whole just now (or none at all: a stream taken to be
   * new) stands from now; one that goes on from the beginning known, or lies within it, stands
   * since that one did (and a shorter one leaves the longer known); any other (its age unknown: a
   * caller's older read) is not kept.
   */
  rememberBeginning(streamId: string, events: readonly RecordedEvent[], whole: boolean): void {
    const before = this.prefixes.get(streamId);
    const now = performance.now();
    let kept: KnownBeginning | undefined;
    if (before && now - before.since <= KNOWN_PREFIX_MS && sameBeginning(before.events, events) && !whole)
      kept =
        events.length >= before.events.length
          ? { events, since: before.since, ...(before.folded ? { folded: before.folded } : {}) }
          : before;
    // (a stream taken to be new is the beginning of any stream, and holds no values)
    else if (whole || events.length === 0) kept = { events, since: now };
    this.prefixes.delete(streamId);
    if (!kept) return;
    this.prefixes.set(streamId, kept);
    keepAtMost(this.prefixes, RECENT_READS);
    this.sweepSoon();
  }

  /** Drops, every few seconds, the beginnings and reads past their time, while any is kept. */
  private sweepSoon(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [streamId, known] of this.prefixes)
      if (now - known.since > KNOWN_PREFIX_MS) this.prefixes.delete(streamId);
    for (const [streamId, read] of this.recent) if (now - read.at > RECENT_READ_MS) this.recent.delete(streamId);
    if (this.prefixes.size === 0 && this.recent.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
