import { EventStore, RecordedEvent } from '../event-store/event-store.port';

interface Asked {
  after: number;
  limit: number;
  types: ReadonlySet<string>;
  resolve(events: RecordedEvent[]): void;
  reject(error: unknown): void;
}

/**
 * One read of the log for the subscriptions of a process that are caught up and read at the
 * same moment. An append wakes every subscription of its types at once, and each would read the
 * same few events with a statement of its own; here the reads asked in one turn of the event
 * loop go to the store as one: from the earliest position asked, of all the types asked, as
 * many events as the largest limit. Each subscription gets its own share of the answer (its
 * types, after its own position, up to its own limit).
 *
 * A share shorter than its limit must still mean "nothing more of these types is readable", as
 * for a read of its own (the read loops go idle on it). When the shared read was cut off by its
 * limit, a share may be short only because the others' events filled it: that subscription then
 * reads on its own.
 */
export class SharedLogReads {
  private asked: Asked[] = [];
  /** reads sent to the store, and the subscriptions' reads they answered (for tests and tracing) */
  readonly counts = { sent: 0, answered: 0 };

  constructor(private readonly store: EventStore) {}

  read(after: number, limit: number, types: ReadonlySet<string>): Promise<RecordedEvent[]> {
    return new Promise((resolve, reject) => {
      this.asked.push({ after, limit, types, resolve, reject });
      // Every subscription woken by one append asks within this turn of the event loop.
      if (this.asked.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    this.counts.answered += asked.length;
    if (asked.length === 1) {
      const [one] = asked;
      this.counts.sent++;
      this.store.readAll({ after: one.after, limit: one.limit, types: [...one.types] }).then(one.resolve, one.reject);
      return;
    }
    let after = Infinity;
    let limit = 0;
    const types = new Set<string>();
    for (const a of asked) {
      after = Math.min(after, a.after);
      limit = Math.max(limit, a.limit);
      for (const type of a.types) types.add(type);
    }
    let events: RecordedEvent[];
    try {
      this.counts.sent++;
      events = await this.store.readAll({ after, limit, types: [...types] });
    } catch (err) {
      for (const a of asked) a.reject(err);
      return;
    }
    const cutOff = events.length === limit;
    for (const a of asked) {
      const share: RecordedEvent[] = [];
      for (const event of events) {
        if (share.length === a.limit) break;
        if (event.position > a.after && a.types.has(event.type)) share.push(event);
      }
      if (cutOff && share.length < a.limit) {
        this.counts.sent++;
        this.store.readAll({ after: a.after, limit: a.limit, types: [...a.types] }).then(a.resolve, a.reject);
      } else a.resolve(share);
    }
  }
}
