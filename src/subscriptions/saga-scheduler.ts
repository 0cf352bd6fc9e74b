import { RecordedEvent } from '../event-store/event-store.port';
import type { PipelinedHandler, RetryPolicy } from './runner.types';

export interface SchedulerHooks {
  retry: RetryPolicy;
  /** a pause that ends at once when the runner stops */
  sleep(ms: number): Promise<void>;
  /** an event was handled (or parked) */
  handled(event: RecordedEvent): void;
  /** an attempt failed; `attempt` of the policy's attempts */
  failed(event: RecordedEvent, error: unknown, attempt: number): void;
  parked(event: RecordedEvent, error: unknown): void;
  /** recording a parked event failed; it is tried again after a pause */
  parkFailed(event: RecordedEvent, error: unknown): void;
  /** every event up to `handledUpTo` is handled: the checkpoint may move there */
  progress(handledUpTo: number): void;
  /** how long a run keeps its slot for its next event (default KEEP_SLOT_MS) */
  keepSlotMs?: number;
}

/** partitions remembered for their rank once idle; the oldest are forgotten past this */
const REMEMBERED_RUNS = 20_000;
/**
 * How long a run that just handled an event keeps its slot for its next event (the one its step
 * just appended, on its way back through the log), unless a read shows there is none.
 */
const KEEP_SLOT_MS = 20;

/**
 * Handles a saga's events as they are read, without waiting for a whole batch: each partition
 * (a workflow run) takes its next event as soon as its previous one is handled, and a slow run
 * holds back only itself. When more runs are ready than may run at once, the run seen first
 * goes first, and a run that just handled an event keeps its slot for its next one (which its
 * step appended and the next read brings) rather than handing it to a run not yet begun (at
 * most twice `concurrency` runs handle or keep a slot, at most `concurrency` handle): under
 * a burst, the workflows started first finish first, instead of every run's steps
 * interleaving in log order and all of them finishing together at the end.
 *
 * The checkpoint may only move up to the last event below which every event is handled
 * (`handledUpTo`); a run retrying an event holds it there, while the other runs go on (read
 * ahead is bounded by the runner). After a crash the events above the stored checkpoint are
 * delivered again, as before: saga effects are idempotent.
 */
export class SagaScheduler {
  private readonly partitions = new Map<string, { queue: RecordedEvent[]; running: boolean }>();
  /** each run's rank: the position of the first of its events seen (the earlier, the sooner) */
  private readonly rank = new Map<string, number>();
  private readonly ready = new Set<string>();
  /** runs keeping their slot for their next event: when they handled the last one */
  private readonly kept = new Map<string, number>();
  /** positions read, in log order, from `head` on not all handled */
  private order: number[] = [];
  private head = 0;
  private readonly done = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  /** the end of the retries of the event retrying now: one event of the saga retries at a time */
  private retryLane: Promise<void> = Promise.resolve();
  /**
   * Events offered before the log brought them (see offer()): 'queued' while waiting or being
   * handled, 'done' once handled; an entry goes when the log brings its event.
   */
  private readonly early = new Map<number, 'queued' | 'done'>();
  /** early events the log has brought while they were still queued or being handled */
  private readonly earlyRead = new Set<number>();
  /** the position of the last event read from the log */
  private lastRead = 0;
  /** events read and not yet handled */
  pending = 0;
  /** events handled before the log brought them (for tests and tracing) */
  handledEarly = 0;
  /** runs whose next event came while they kept their slot (for tests and tracing) */
  keptNext = 0;

  constructor(
    private readonly handler: PipelinedHandler,
    /** every event up to here is handled */
    public handledUpTo: number,
    private readonly hooks: SchedulerHooks,
  ) {}

  /** Events read from the log, in log order, all after the ones added before. */
  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      this.lastRead = Math.max(this.lastRead, event.position);
      const early = this.early.get(event.position);
      if (early) {
        // Offered before: handled (or being handled) already; here it only takes its place in
        // the log order, which the checkpoint follows.
        this.order.push(event.position);
        this.pending++;
        if (early === 'done') {
          this.early.delete(event.position);
          this.finish(event.position);
        } else this.earlyRead.add(event.position);
        continue;
      }
      const key = this.handler.partitionOf(event);
      if (!this.rank.has(key)) {
        this.rank.set(key, event.position);
        if (this.rank.size > REMEMBERED_RUNS) this.forgetIdleRuns();
      }
      let part = this.partitions.get(key);
      if (!part) this.partitions.set(key, (part = { queue: [], running: false }));
      part.queue.push(event);
      if (!part.running) this.ready.add(key);
      if (this.kept.has(key)) this.keptNext++;
      this.order.push(event.position);
      this.pending++;
    }
    this.dispatch();
  }

  /**
   * An event this process has just stored (committed) that the log has not brought yet: the next
   * event of a run, appended by the run's own step. Its run takes it at once, as if read,
   * instead of waiting for the wake-up and the read of the log that would bring it. When the
   * read brings it, it is not handled again; the checkpoint still moves only along events read
   * from the log, so it never passes one not yet read or not yet handled. Ignored when the log
   * brought it already, when it was offered before, or when its run has events waiting (they
   * came first).
   */
  offer(event: RecordedEvent): void {
    if (this.stopped || event.position <= this.lastRead || event.position <= this.handledUpTo) return;
    if (this.early.has(event.position)) return;
    const key = this.handler.partitionOf(event);
    const part = this.partitions.get(key);
    if (part && part.queue.length > 0) return;
    this.early.set(event.position, 'queued');
    if (!this.rank.has(key)) this.rank.set(key, event.position);
    if (part) part.queue.push(event);
    else this.partitions.set(key, { queue: [event], running: false });
    if (!this.partitions.get(key)!.running) this.ready.add(key);
    if (this.kept.has(key)) this.keptNext++;
    this.dispatch();
  }

  /**
   * A read that started at `startedAt` has returned, and brought every event appended so far
   * (none was announced that it could not read yet): a run still keeping its slot from before
   * that read has no next event now, and gives the slot back.
   */
  readDone(startedAt: number): void {
    let freed = false;
    for (const [key, since] of this.kept) {
      if (since <= startedAt) {
        this.kept.delete(key);
        freed = true;
      }
    }
    if (freed) this.dispatch();
  }

  /** Starts nothing more, and waits for the events being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private dispatch(): void {
    const now = performance.now();
    const keep = this.hooks.keepSlotMs ?? KEEP_SLOT_MS;
    for (const [key, since] of this.kept) if (now - since >= keep) this.kept.delete(key);
    while (!this.stopped && this.ready.size > 0 && this.inFlight.size < this.handler.concurrency) {
      // Runs being handled or keeping a slot: at most twice the events handled at once, so that
      // while some runs' next events are on their way back through the log, others work; a run
      // keeping a slot takes its own.
      const free = 2 * this.handler.concurrency - this.inFlight.size - this.kept.size;
      let next = '';
      let best = Infinity;
      for (const key of this.ready) {
        const r = this.rank.get(key) ?? Infinity;
        if ((r < best || next === '') && (free > 0 || this.kept.has(key))) {
          best = r;
          next = key;
        }
      }
      if (next === '') return;
      this.kept.delete(next);
      this.ready.delete(next);
      const part = this.partitions.get(next)!;
      part.running = true;
      const event = part.queue.shift()!;
      const task = this.handleOne(event).then((handled) => {
        this.inFlight.delete(task);
        part.running = false;
        if (handled) this.handledAt(event.position);
        else part.queue.unshift(event); // stopped while retrying: not handled, not dropped
        if (part.queue.length > 0) this.ready.add(next);
        else {
          this.partitions.delete(next);
          if (handled && !this.stopped) {
            this.kept.set(next, performance.now());
            setTimeout(() => this.dispatch(), this.hooks.keepSlotMs ?? KEEP_SLOT_MS).unref();
          }
        }
        this.dispatch();
      });
      this.inFlight.add(task);
    }
  }

  /**
   * True once handled or parked; false when stopped first. Never throws. An event that failed
   * waits for its turn to retry: one event of the saga retries at a time, the next failing one
   * after it (as when a failed batch was retried event by event). An event that fails because
   * another saga has not yet done its part (a refund before its charge is posted) thus gets the
   * retry policy's whole patience after the ones before it, rather than all of them giving up
   * together.
   */
  private async handleOne(event: RecordedEvent): Promise<boolean> {
    try {
      await this.handler.handle(event);
      this.hooks.handled(event);
      return true;
    } catch (err) {
      this.hooks.failed(event, err, 1);
      const turn = this.retryLane;
      let done!: () => void;
      this.retryLane = new Promise<void>((resolve) => (done = resolve));
      try {
        await turn;
        return this.stopped ? false : await this.retry(event, err);
      } finally {
        done();
      }
    }
  }

  private async retry(event: RecordedEvent, firstError: unknown): Promise<boolean> {
    const { attempts, baseDelayMs, maxDelayMs } = this.hooks.retry;
    let error = firstError;
    for (let attempt = 2; attempt <= attempts; attempt++) {
      await this.hooks.sleep(Math.min(maxDelayMs, baseDelayMs * 4 ** (attempt - 2)));
      if (this.stopped) return false;
      try {
        await this.handler.handle(event);
        this.hooks.handled(event);
        return true;
      } catch (err) {
        error = err;
        this.hooks.failed(event, err, attempt);
      }
    }
    for (;;) {
      try {
        await this.handler.recordParked(event, (error as Error)?.stack ?? String(error), attempts);
        this.hooks.parked(event, error);
        this.hooks.handled(event);
        return true;
      } catch (err) {
        this.hooks.parkFailed(event, err);
        await this.hooks.sleep(maxDelayMs);
        if (this.stopped) return false;
      }
    }
  }

  /** An event is handled: it counts for the checkpoint once the log has brought it. */
  private handledAt(position: number): void {
    if (!this.early.has(position)) return this.finish(position);
    this.handledEarly++;
    if (this.earlyRead.delete(position)) {
      this.early.delete(position);
      this.finish(position);
    } else this.early.set(position, 'done');
  }

  private finish(position: number): void {
    this.pending--;
    this.done.add(position);
    const before = this.handledUpTo;
    while (this.head < this.order.length && this.done.has(this.order[this.head])) {
      this.done.delete(this.order[this.head]);
      this.handledUpTo = this.order[this.head++];
    }
    if (this.head > 4096) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    if (this.handledUpTo > before) this.hooks.progress(this.handledUpTo);
  }

  private forgetIdleRuns(): void {
    for (const key of this.rank.keys()) {
      if (this.rank.size <= REMEMBERED_RUNS / 2) return;
      if (!this.partitions.has(key)) this.rank.delete(key);
    }
  }
}
