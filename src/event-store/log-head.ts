import { createHash } from 'node:crypto';

/**
 * The head of the log up to a global position: enough to notice later that an event was
 * removed, even the last one of a stream or of the whole log, which no chain shows by itself.
 * Kept somewhere else by an auditor (GET /api/v1/audit/head, an export's closing line), it is
 * checked against the live log or a later export (docs/audit.md §2).
 *
 * digest = SHA-256 (lowercase hex) over the last `hash` of every stream, sorted, each followed
 * by "\n". Each hash already covers its stream id and stream position.
 */
export interface LogHead {
  /** the global position of the last event covered (0 for an empty log) */
  position: number;
  /** how many events have a global position ≤ position */
  events: number;
  /** how many streams have an event at or before it */
  streams: number;
  digest: string;
}

export const HEAD_FORMAT = 'cedar-heights-log-head';

export function headDigest(lastHashes: Iterable<string>): string {
  const sorted = [...lastHashes].sort();
  const hash = createHash('sha256');
  for (const h of sorted) hash.update(`${h}\n`);
  return hash.digest('hex');
}

/** Why a value is not a head, or null when it is one. */
export function headProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'a head is a JSON object';
  const h = value as Record<string, unknown>;
  for (const k of ['position', 'events', 'streams'] as const) {
    if (!Number.isSafeInteger(h[k]) || (h[k] as number) < 0) return `the head's ${k} must be a non-negative integer`;
  }
  if (typeof h.digest !== 'string' || !/^[0-9a-f]{64}$/.test(h.digest))
    return "the head's digest must be 64 lowercase hex digits";
  return null;
}

export interface HeadCheck {
  /** the kept head */
  kept: LogHead;
  ok: boolean;
  /** what the log holds up to the kept head's position */
  found: Omit<LogHead, 'position'>;
  reason?: string;
}

/**
 * Follows the log event by event (in global order) and gives its head; with a kept head, also
 * the head as of that head's position, compared with it. Memory: one hash per stream.
 */
export class HeadTracker {
  private readonly last = new Map<string, string>();
  private events = 0;
  private position = 0;
  private atKept: Omit<LogHead, 'position'> | undefined;

  constructor(private readonly kept?: LogHead) {}

  add(e: { position: number; streamId: string; hash?: string }): void {
    if (this.kept && !this.atKept && e.position > this.kept.position) this.atKept = this.snapshot();
    this.last.set(e.streamId, e.hash ?? '');
    this.events += 1;
    this.position = e.position;
  }

  head(): LogHead {
    return { position: this.position, ...this.snapshot() };
  }

  check(): HeadCheck | undefined {
    if (!this.kept) return undefined;
    const found = this.atKept ?? this.snapshot();
    const k = this.kept;
    let reason: string | undefined;
    if (found.events < k.events)
      reason =
        `up to position ${k.position} the log holds ${found.events} events, the kept head ${k.events}: ` +
        `events were removed`;
    else if (found.events > k.events)
      reason =
        `up to position ${k.position} the log holds ${found.events} events, the kept head ${k.events}: ` +
        `events were inserted`;
    else if (found.streams !== k.streams)
      reason = `up to position ${k.position} the log holds ${found.streams} streams, the kept head ${k.streams}`;
    else if (found.digest !== k.digest)
      reason =
        `up to position ${k.position} the streams' last hashes differ from the kept head: ` +
        `an event was removed, replaced or altered`;
    return { kept: k, ok: !reason, found, ...(reason ? { reason } : {}) };
  }

  private snapshot(): Omit<LogHead, 'position'> {
    return { events: this.events, streams: this.last.size, digest: headDigest(this.last.values()) };
  }
}
