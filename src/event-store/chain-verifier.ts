import { eventHash } from './event-hash';
import { HeadCheck, HeadTracker, LogHead } from './log-head';

/** One event as stored (never upcast), with its hashes: from the store or from an export line. */
export interface StoredEvent {
  position: number;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: unknown;
  hash?: string;
  prevHash?: string | null;
  /** absent: scheme 1 */
  hashScheme?: number;
}

export interface BrokenEvent {
  position: number;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  reason: string;
  /** the line of an export file, when verifying one */
  line?: number;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  /** how many streams were seen */
  streams: number;
  /**
   * Streams of a partial log (a filtered export) that start past their first event or skip
   * positions: their events were checked against their own recorded previous hashes, not
   * against a predecessor that was checked. 0 when every chain was checked whole.
   */
  partialStreams: number;
  /** the head of what was checked (docs/audit.md §2); absent for a partial log or a broken one */
  head?: LogHead;
  /** the comparison with a head kept earlier, when one was given */
  headCheck?: HeadCheck;
  firstBroken?: BrokenEvent;
}

interface StreamHead {
  next: number;
  hash: string | null;
}

/**
 * Checks the log event by event, in global order: positions strictly increasing, each stream's
 * positions dense from 0 (or, for a partial export, from where it starts), each hash equal to
 * the one recomputed from the stored event and its stream's previous hash. Stops at the first
 * broken event. Memory: one small entry per stream.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamHead>();
  private lastPosition = -Infinity;
  private checked = 0;
  private broken: BrokenEvent | undefined;
  private readonly partialIds = new Set<string>();
  private readonly heads: HeadTracker;

  /**
   * For a filtered part of the log (an export with a filter): `streamsMayStartLate` (read after
   * a position) lets a stream start past position 0, `gapsAllowed` (filtered by type, actor,
   * time…) lets it skip positions. Such an event is checked against its own recorded previous
   * hash, and every event against its predecessor whenever that one is present.
   */
  constructor(
    private readonly partial: { streamsMayStartLate?: boolean; gapsAllowed?: boolean } = {},
    kept?: LogHead,
  ) {
    this.heads = new HeadTracker(kept);
  }

  get ok(): boolean {
    return !this.broken;
  }

  get eventsChecked(): number {
    return this.checked;
  }

  /** Whether the log checked is the whole log (no filter): only then has it a head. */
  private get whole(): boolean {
    return !this.partial.streamsMayStartLate && !this.partial.gapsAllowed;
  }

  /** false once an event is broken (later events are not checked). */
  check(e: StoredEvent, line?: number): boolean {
    if (this.broken) return false;
    const fail = (reason: string): false => {
      this.broken = {
        position: e.position,
        streamId: e.streamId,
        streamPosition: e.streamPosition,
        eventId: e.eventId,
        type: e.type,
        reason,
        ...(line !== undefined ? { line } : {}),
      };
      return false;
    };
    if (!(e.position > this.lastPosition)) {
      return fail(`global position ${e.position} does not follow ${this.lastPosition}: events are out of order`);
    }
    this.lastPosition = e.position;
    if (!e.hash) return fail('the event carries no hash');
    const seen = this.streams.get(e.streamId);
    const head = seen ?? { next: 0, hash: null };
    const skipAllowed = seen ? this.partial.gapsAllowed : this.partial.streamsMayStartLate || this.partial.gapsAllowed;
    let prev: string | null;
    if (e.streamPosition === head.next) {
      prev = head.hash;
    } else if (e.streamPosition < head.next) {
      return fail(
        `stream position ${e.streamPosition} comes after position ${head.next - 1} of the same stream: ` +
          `events were reordered or duplicated`,
      );
    } else if (!skipAllowed) {
      return fail(
        head.next === e.streamPosition - 1
          ? `stream position ${head.next} is missing before this event: an event was removed or moved`
          : `stream positions ${head.next}..${e.streamPosition - 1} are missing before this event: ` +
              `events were removed or moved`,
      );
    } else {
      if (e.prevHash === undefined) return fail("a partial log must carry each event's previous hash");
      prev = e.prevHash;
      this.partialIds.add(e.streamId);
    }
    if (e.prevHash !== undefined && e.prevHash !== prev) {
      return fail('the recorded previous hash is not the hash of the previous event of the stream');
    }
    if ((e.streamPosition === 0) !== (prev === null)) {
      return fail(
        e.streamPosition === 0
          ? "a stream's first event must not have a previous hash"
          : 'the chain to the previous event is missing',
      );
    }
    if (eventHash(e, prev) !== e.hash) {
      return fail('the hash does not match the event as stored: its data, metadata, type, id or place was altered');
    }
    this.streams.set(e.streamId, { next: e.streamPosition + 1, hash: e.hash });
    this.heads.add(e);
    this.checked += 1;
    return true;
  }

  /** The result; with a kept head, `ok` also requires the log to match it. */
  report(): VerifyReport {
    const headCheck = !this.broken && this.whole ? this.heads.check() : undefined;
    return {
      ok: !this.broken && (headCheck?.ok ?? true),
      eventsChecked: this.checked,
      streams: this.streams.size,
      partialStreams: this.partialIds.size,
      ...(!this.broken && this.whole ? { head: this.heads.head() } : {}),
      ...(headCheck ? { headCheck } : {}),
      ...(this.broken ? { firstBroken: this.broken } : {}),
    };
  }
}
