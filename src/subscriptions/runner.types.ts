import { RecordedEvent } from '../event-store/event-store.port';

/**
 * What a runner needs from a saga to handle its events as they are read, run by run, instead of
 * batch by batch (see SagaScheduler).
 */
export interface PipelinedHandler {
  /** events handled at once, each of a different partition */
  readonly concurrency: number;
  /** events of one partition are handled one after the other, in log order */
  partitionOf(event: RecordedEvent): string;
  /** the saga's reaction to one event: at least once, so its effects are idempotent */
  handle(event: RecordedEvent): Promise<void>;
  /** compare-and-set of the stored checkpoint; CheckpointMovedError when it is not at `from` */
  moveCheckpoint(from: number, to: number): Promise<void>;
  /** records an event that failed every attempt; the checkpoint then moves past it with the rest */
  recordParked(event: RecordedEvent, error: string, attempts: number): Promise<void>;
}

/** What a runner drives: a projection or a saga, behind one interface. */
export interface SubscriptionHandler {
  readonly name: string;
  readonly kind: 'projection' | 'saga';
  readonly eventTypes: readonly string[];
  loadCheckpoint(): Promise<number>;
  /** Handles the events in order and moves the checkpoint from `from` to the last one's position. */
  handleBatch(events: readonly RecordedEvent[], from: number): Promise<void>;
  /** Records that the event could not be handled and moves the checkpoint past it. */
  park(event: RecordedEvent, error: string, attempts: number, from: number): Promise<void>;
  countParked(): Promise<number>;
  /**
   * Sagas: events handled as they are read, run by run (see SagaScheduler), instead of batch by
   * batch through handleBatch.
   */
  readonly pipelined?: PipelinedHandler;
  /**
   * Read models: a batch commits without waiting for its WAL flush, its rows and checkpoint
   * together. A database crash can then lose the last batches with their checkpoint: the runner
   * compares the stored checkpoint with its own whenever it has been idle for a poll interval,
   * and applies the events since the stored one again.
   */
  readonly commitsAsynchronously?: boolean;
  /** The runner stopped (shutdown, or another process's turn): what it keeps in memory goes. */
  stopped?(): void;
}

export interface RetryPolicy {
  /** attempts per event before it is parked */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RunnerOptions {
  batchSize: number;
  /** how often to look for new events when no wake-up arrived */
  pollIntervalMs: number;
  retry: RetryPolicy;
  /**
   * Sagas: how to hear of the events this process's commands store (CommandExecutor.onStored), so
   * that a run takes its next event at once rather than through the log (SagaScheduler.offer()).
   */
  storedHere?: (listener: (event: RecordedEvent) => void) => () => void;
}

export interface SubscriptionStatus {
  name: string;
  kind: 'projection' | 'saga';
  /** standby: another instance runs it (see activeIn) */
  status: 'live' | 'catching-up' | 'retrying' | 'stopped' | 'standby';
  checkpoint: number;
  parked: number;
  lastError: string | null;
  /** age of the oldest event not yet handled; 0 when caught up */
  lagSeconds: number;
  /** the instance running it (hostname:pid), null when none does */
  activeIn?: string | null;
}

/**
 * How long a runner keeps looking, at short intervals, for events it was told were appended but
 * cannot read yet (an older transaction still open, or the appending one not committed); past
 * this it waits for the next wake-up or poll as usual (the append was perhaps rolled back).
 */
export const HINT_PATIENCE_MS = 3_000;
export const HINT_RETRY_MAX_MS = 20;

/** What a runner's read loop (batch by batch, or pipelined) sees of and does to its runner. */
export interface RunnerLoopContext {
  readonly name: string;
  readonly handler: SubscriptionHandler;
  readonly options: RunnerOptions;
  readonly running: boolean;
  /** the position handled and stored so far */
  checkpoint: number;
  state: SubscriptionStatus['status'];
  lastError: string | null;
  /** the highest position of our types an append told us of, and when it did */
  readonly hinted: { position: number; at: number };
  readAll(after: number): Promise<RecordedEvent[]>;
  /** clears the wake-up pending, before a read */
  takeWake(): void;
  /** waits for a wake-up (an append of ours) or `ms`, whichever first; true when woken */
  idle(ms: number): Promise<boolean>;
  /** a back-off pause that ends at once when the runner is stopped */
  sleep(ms: number): Promise<void>;
  wake(): void;
  noteError(message: string): void;
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** events handled: counted, and their delay observed */
  count(events: readonly RecordedEvent[]): void;
  releaseWaiters(): void;
  failed(): void;
  parked(): void;
}

/** Whether a read that came back empty should look again soon: told of an event it cannot read yet. */
export function hintPending(ctx: RunnerLoopContext, readUpTo: number): boolean {
  return ctx.hinted.position > readUpTo && Date.now() - ctx.hinted.at < HINT_PATIENCE_MS;
}

/**
 * A read loop's reads of the log: a failed read is noted in the status and the loop backs off,
 * longer with each failure in a row (null: read again); the first read after failures says so
 * and clears the error.
 */
export class BackedOffReads {
  private failures = 0;

  constructor(private readonly ctx: RunnerLoopContext) {}

  async read(after: number): Promise<RecordedEvent[] | null> {
    const ctx = this.ctx;
    let events: RecordedEvent[];
    try {
      events = await ctx.readAll(after);
    } catch (err) {
      this.failures++;
      const delay = Math.min(ctx.options.retry.maxDelayMs, ctx.options.retry.baseDelayMs * 2 ** this.failures);
      ctx.state = 'retrying';
      ctx.noteError(
        `reading the log failed (attempt ${this.failures}, next in ${delay} ms): ${(err as Error).message}`,
      );
      await ctx.sleep(delay);
      return null;
    }
    if (this.failures > 0) {
      ctx.log(`reading the log again after ${this.failures} failed attempts`);
      this.failures = 0;
      ctx.state = 'catching-up';
      ctx.lastError = null;
    }
    return events;
  }
}
