import { EventStore, RecordedEvent } from '../event-store/event-store.port';

/** microtask steps the first read waits for others asked with it (see read()) */
const GATHER_STEPS = 4;

async function afterMicrotasks(steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await Promise.resolve();
}

interface Asked {
  after: number;
  limit: number;
  types: ReadonlySet<string>;
  resolve(events: RecordedEvent[]): void;
  reject(error: unknown): void;
}

/** What a subscription's last shared read found: its share's end, and how far the read went. */
interface Seen {
  /** where the subscription's next read starts when it handled its whole share */
  shareEnd: number;
  /** no event of its types lies after shareEnd up to here */
  readEnd: number;
}

/**
 * One read of the log for the subscriptions of a process that are caught up and read at the
 * same moment. An append wakes every subscription of its types at once, and each would read the
 * same few events with a statement of its own; here the reads asked together go to the store
 * as one: from the earliest position asked, of all the types asked, as
 * many events as the largest limit. Each subscription gets its own share of the answer (its
 * types, after its own position, up to its own limit).
 *
 * A subscription's position is its last event's, which for rare types lies far behind the log's
 * end; read from there, the shared read would bring back every event of the others' types since.
 * So each subscription's read starts where its last shared read ended instead, when it asks
 * from the end of its last share: no event of its types lies between (positions below what a
 * read returned are final: see the event stores' readAll).
 *
 * A share shorter than its limit must still mean "nothing more of these types is readable", as
 * for a read of its own (the read loops go idle on it). When the shared read was cut off by its
 * limit, a share may be short only because the others' events filled it: that subscription then
 * reads on its own.
 */
export class SharedLogReads {
  private asked: Asked[] = [];
  /** by subscription (its set of types, one per runner) */
  private readonly seen = new WeakMap<ReadonlySet<string>, Seen>();
  /** reads sent to the store, and the subscriptions' reads they answered (for tests and tracing) */
  readonly counts = { sent: 0, answered: 0 };

  constructor(private readonly store: EventStore) {}

  read(after: number, limit: number, types: ReadonlySet<string>): Promise<RecordedEvent[]> {
    return new Promise((resolve, reject) => {
      this.asked.push({ after, limit, types, resolve, reject });
      // The subscriptions one append wakes are woken one after the other in one go, and each
      // comes to its read after the same few steps through the microtask queue: the read goes
      // out a few steps after the first asks, once the others have asked too. (Not at the end
      // of the event loop's turn: under load, that waits for every I/O callback of the turn.)
      if (this.asked.length === 1) void afterMicrotasks(GATHER_STEPS).then(() => this.send());
    });
  }

  private async send(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    this.counts.answered += asked.length;
    if (asked.length === 1) return this.alone(asked[0]);
    let after = Infinity;
    let limit = 0;
    const types = new Set<string>();
    const from = asked.map((a) => {
      const seen = this.seen.get(a.types);
      const start = seen && seen.shareEnd === a.after ? Math.max(a.after, seen.readEnd) : a.after;
      after = Math.min(after, start);
      limit = Math.max(limit, a.limit);
      for (const type of a.types) types.add(type);
      return start;
    });
    let events: RecordedEvent[];
    try {
      this.counts.sent++;
      events = await this.store.readAll({ after, limit, types: [...types] });
    } catch (err) {
      for (const a of asked) a.reject(err);
      return;
    }
    const cutOff = events.length === limit;
    const readEnd = events.length ? events[events.length - 1].position : after;
    asked.forEach((a, i) => {
      const share: RecordedEvent[] = [];
      for (const event of events) {
        if (share.length === a.limit) break;
        if (event.position > from[i] && a.types.has(event.type)) share.push(event);
      }
      if (share.length === a.limit) {
        // cut by its own limit: its next read starts after its share, and nothing is skipped
        this.seen.delete(a.types);
        a.resolve(share);
      } else if (cutOff) {
        this.alone(a);
      } else {
        const shareEnd = share.length ? share[share.length - 1].position : a.after;
        this.seen.set(a.types, { shareEnd, readEnd: Math.max(readEnd, from[i]) });
        a.resolve(share);
      }
    });
  }

  /** A read of its own (and what it says of the log, no more than its share). */
  private alone(a: Asked): void {
    this.seen.delete(a.types);
    this.counts.sent++;
    this.store.readAll({ after: a.after, limit: a.limit, types: [...a.types] }).then(a.resolve, a.reject);
  }
}
