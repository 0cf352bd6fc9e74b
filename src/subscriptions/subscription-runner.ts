import { Logger } from '@nestjs/common';
import { AppendedHint, EventStore, RecordedEvent } from '../event-store/event-store.port';
import { isCounted, Metrics } from '../operations/metrics';
import { CheckpointMovedError } from './checkpoint.store';
import { PipelinedHandler, SagaScheduler } from './saga-scheduler';

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
const HINT_PATIENCE_MS = 3_000;
const HINT_RETRY_MAX_MS = 20;

/**
 * Reads the global log from a stored checkpoint and feeds one handler, forever: batch by batch
 * while behind, woken by appends (or a poll) when caught up. A failing event is retried with
 * back-off and then parked (recorded, reported, skipped) so one bad event cannot stall the
 * subscription or crash-loop the process.
 */
export class SubscriptionRunner {
  private readonly logger: Logger;
  private checkpoint = 0;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private pendingWake = false;
  private unsubscribe?: () => void;
  private state: SubscriptionStatus['status'] = 'stopped';
  private lastError: string | null = null;
  private waiters: { position: number; resolve: (ok: boolean) => void }[] = [];
  private stopping = new AbortController();
  /** another process runs this subscription: waits follow the stored checkpoint */
  private standby = false;
  private readonly types: ReadonlySet<string>;
  /** the highest position of our types an append told us of, and when it did */
  private hinted = { position: 0, at: 0 };
  /** the last lag measured, reported while the log cannot be read */
  private lagSeconds = 0;
  /** pipelined sagas: events being handled, the checkpoint move in flight, and whether another is due */
  private scheduler?: SagaScheduler;
  private moving?: Promise<void>;
  private moveAgain = false;
  /** pipelined sagas: another process moved the checkpoint; start again from the stored one */
  private checkpointTaken = false;
  /** pipelined sagas: the read loop waits for events to be handled (read ahead is bounded) */
  private full = false;

  constructor(
    readonly handler: SubscriptionHandler,
    private readonly store: EventStore,
    private readonly options: RunnerOptions,
    private readonly metrics: Metrics,
  ) {
    this.logger = new Logger(`Subscription:${handler.name}`);
    this.types = new Set(handler.eventTypes);
  }

  get name(): string {
    return this.handler.name;
  }

  get position(): number {
    return this.checkpoint;
  }

  /** Runs elsewhere: this process only follows the stored checkpoint for waitFor(). */
  setStandby(standby: boolean): void {
    this.standby = standby;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.standby = false;
    this.state = 'catching-up';
    this.checkpoint = await this.handler.loadCheckpoint();
    this.stopping = new AbortController();
    this.running = true;
    this.unsubscribe = this.store.onAppended((appended) => this.appended(appended));
    this.metrics.subscriptionParked.set({ subscription: this.name }, await this.handler.countParked());
    this.loop = this.handler.pipelined ? this.runPipelined(this.handler.pipelined) : this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.stopping.abort();
    this.wake();
    await this.loop;
    this.loop = undefined;
    this.state = 'stopped';
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }

  /** Resolves true once the checkpoint reaches `position`, false on timeout or stop. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    if (!this.running) return this.standby ? this.followStored(position, timeoutMs) : Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          resolve(false);
        }
      }, timeoutMs).unref();
    });
  }

  /** Standby: polls the checkpoint the active instance moves, until it reaches `position`. */
  private async followStored(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
      try {
        const stored = await this.handler.loadCheckpoint();
        if (stored > this.checkpoint && !this.running) this.checkpoint = stored;
        if (stored >= position) return true;
      } catch {
        /* database briefly away: try again until the deadline */
      }
      if (this.running) return this.waitFor(position, Math.max(0, deadline - Date.now()));
      if (Date.now() + pause > deadline) return false;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  async status(): Promise<SubscriptionStatus> {
    if (!this.running) this.checkpoint = await this.handler.loadCheckpoint();
    try {
      const next = await this.store.readAll({ after: this.checkpoint, limit: 1, types: this.handler.eventTypes });
      this.lagSeconds = next.length > 0 ? Math.max(0, (Date.now() - Date.parse(next[0].recordedAt)) / 1000) : 0;
    } catch {
      // The event store is away: the status still answers, with the error the loop keeps in lastError.
    }
    const lagSeconds = this.lagSeconds;
    this.metrics.subscriptionLag.set({ subscription: this.name }, lagSeconds);
    return {
      name: this.name,
      kind: this.handler.kind,
      status: !this.running && this.standby ? 'standby' : this.state,
      checkpoint: this.checkpoint,
      parked: await this.handler.countParked(),
      lastError: this.lastError,
      lagSeconds,
    };
  }

  /** A back-off pause that ends at once when the runner is stopped. */
  private sleep(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }

  /** An append of none of our types is not ours to read; one of ours is, up to its position. */
  private appended(hint?: AppendedHint): void {
    if (hint) {
      let ours = 0;
      for (const type in hint) if (this.types.has(type) && hint[type] > ours) ours = hint[type];
      if (ours === 0) return;
      if (ours > this.hinted.position) this.hinted = { position: ours, at: Date.now() };
    }
    this.wake();
  }

  private wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  private async idle(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = undefined;
  }

  private async run(): Promise<void> {
    let readFailures = 0;
    let unseenReads = 0;
    while (this.running) {
      this.pendingWake = false;
      let events: RecordedEvent[];
      try {
        events = await this.store.readAll({
          after: this.checkpoint,
          limit: this.options.batchSize,
          types: this.handler.eventTypes,
        });
      } catch (err) {
        readFailures++;
        const delay = Math.min(this.options.retry.maxDelayMs, this.options.retry.baseDelayMs * 2 ** readFailures);
        this.state = 'retrying';
        this.noteError(
          `reading the log failed (attempt ${readFailures}, next in ${delay} ms): ${(err as Error).message}`,
        );
        await this.sleep(delay);
        continue;
      }
      if (readFailures > 0) {
        this.logger.log(`reading the log again after ${readFailures} failed attempts`);
        readFailures = 0;
        this.state = 'catching-up';
        this.lastError = null;
      }
      if (events.length === 0) {
        if (this.hinted.position > this.checkpoint && Date.now() - this.hinted.at < HINT_PATIENCE_MS) {
          // Appended but not readable yet: no other wake-up may come when it is, so look again soon.
          await this.idle(Math.min(HINT_RETRY_MAX_MS, 2 ** unseenReads++));
          continue;
        }
        unseenReads = 0;
        this.state = 'live';
        await this.idle(this.options.pollIntervalMs);
        continue;
      }
      unseenReads = 0;
      if (events.length === this.options.batchSize) this.state = 'catching-up';
      try {
        await this.process(events);
      } catch (err) {
        // e.g. the database went away while reloading a moved checkpoint: wait and read again
        this.noteError(`handling events failed: ${(err as Error).message}`);
        await this.sleep(this.options.retry.maxDelayMs);
      }
    }
  }

  private async process(events: RecordedEvent[]): Promise<void> {
    try {
      await this.handler.handleBatch(events, this.checkpoint);
      this.advance(events);
      return;
    } catch (err) {
      if (await this.checkpointMoved(err)) return;
      if (events.length === 1) {
        await this.retryOne(events[0], err);
        return;
      }
    }
    // The batch failed: go event by event to find the one that fails, handling the rest.
    for (const event of events) {
      if (!this.running) return;
      try {
        await this.handler.handleBatch([event], this.checkpoint);
        this.advance([event]);
      } catch (err) {
        if (await this.checkpointMoved(err)) return;
        if (!(await this.retryOne(event, err))) return;
      }
    }
  }

  /** Retries one event with back-off; parks it when every attempt failed. False when stopped. */
  private async retryOne(event: RecordedEvent, firstError: unknown): Promise<boolean> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options.retry;
    let error = firstError;
    for (let attempt = 2; attempt <= attempts; attempt++) {
      this.metrics.subscriptionFailures.inc({ subscription: this.name });
      this.state = 'retrying';
      this.noteError(
        `event ${event.type} at ${event.position} failed (attempt ${attempt - 1}/${attempts}): ${(error as Error)?.message}`,
      );
      await this.sleep(Math.min(maxDelayMs, baseDelayMs * 4 ** (attempt - 2)));
      if (!this.running) return false;
      try {
        await this.handler.handleBatch([event], this.checkpoint);
        this.advance([event]);
        this.state = 'catching-up';
        return true;
      } catch (err) {
        if (await this.checkpointMoved(err)) return false;
        error = err;
      }
    }
    this.metrics.subscriptionFailures.inc({ subscription: this.name });
    const message = (error as Error)?.stack ?? String(error);
    this.logger.error(
      `parked event ${event.eventId} (${event.type} at position ${event.position}, stream ${event.streamId}) after ${attempts} attempts: ${(error as Error)?.message}`,
    );
    try {
      await this.handler.park(event, message, attempts, this.checkpoint);
      this.advance([event]);
      this.metrics.subscriptionParked.inc({ subscription: this.name });
      this.state = 'catching-up';
      return true;
    } catch (err) {
      if (await this.checkpointMoved(err)) return false;
      this.noteError(`parking failed: ${(err as Error).message}`);
      await this.sleep(maxDelayMs);
      return false;
    }
  }

  private async checkpointMoved(err: unknown): Promise<boolean> {
    if (!(err instanceof CheckpointMovedError)) return false;
    this.checkpoint = await this.handler.loadCheckpoint();
    this.logger.warn(`checkpoint moved by another process; resuming from ${this.checkpoint}`);
    this.releaseWaiters();
    return true;
  }

  private advance(events: readonly RecordedEvent[]): void {
    const last = events[events.length - 1];
    this.checkpoint = last.position;
    this.lastError = null;
    this.count(events);
    this.releaseWaiters();
  }

  /** Events handled: counted, and their delay observed. */
  private count(events: readonly RecordedEvent[]): void {
    const counted = events.filter((e) => isCounted(e.type));
    if (counted.length > 0) {
      this.metrics.subscriptionProcessed.inc({ subscription: this.name }, counted.length);
      this.metrics.projectionDelay.observe(
        { subscription: this.name },
        Math.max(0, (Date.now() - Date.parse(counted[counted.length - 1].recordedAt)) / 1000),
      );
    }
  }

  private releaseWaiters(): void {
    if (this.waiters.length) {
      this.waiters = this.waiters.filter((w) => {
        if (w.position > this.checkpoint) return true;
        w.resolve(true);
        return false;
      });
    }
  }

  /**
   * Sagas: reads ahead of the checkpoint and hands each event to its run as soon as it is read
   * (SagaScheduler); the checkpoint follows the events handled, one compare-and-set at a time,
   * off the path from one step to the next.
   */
  private async runPipelined(pipelined: PipelinedHandler): Promise<void> {
    const maxAhead = this.options.batchSize * 4;
    let readFailures = 0;
    let unseenReads = 0;
    let cursor = this.checkpoint;
    const newScheduler = () =>
      new SagaScheduler(pipelined, this.checkpoint, {
        retry: this.options.retry,
        sleep: (ms) => this.sleep(ms),
        handled: (event) => this.count([event]),
        failed: (event, err, attempt) => {
          this.metrics.subscriptionFailures.inc({ subscription: this.name });
          if (attempt < this.options.retry.attempts) this.state = 'retrying';
          this.noteError(
            `event ${event.type} at ${event.position} failed (attempt ${attempt}/${this.options.retry.attempts}): ${(err as Error)?.message}`,
          );
        },
        parked: (event, err) => {
          this.logger.error(
            `parked event ${event.eventId} (${event.type} at position ${event.position}, stream ${event.streamId}) after ${this.options.retry.attempts} attempts: ${(err as Error)?.message}`,
          );
          this.metrics.subscriptionParked.inc({ subscription: this.name });
        },
        parkFailed: (_event, err) => this.noteError(`parking failed: ${(err as Error).message}`),
        progress: () => {
          this.moveCheckpoint(pipelined);
          if (this.full) this.wake();
        },
      });
    this.scheduler = newScheduler();
    const unhear = this.options.storedHere?.((event) => {
      if (this.types.has(event.type)) this.scheduler?.offer(event);
    });
    try {
      while (this.running) {
        this.pendingWake = false;
        if (this.checkpointTaken) {
          await this.scheduler.stop();
          await this.moving;
          this.checkpointTaken = false;
          this.checkpoint = await this.handler.loadCheckpoint();
          this.logger.warn(`checkpoint moved by another process; resuming from ${this.checkpoint}`);
          this.releaseWaiters();
          cursor = this.checkpoint;
          this.scheduler = newScheduler();
          continue;
        }
        this.full = this.scheduler.pending >= maxAhead;
        if (this.full) {
          await this.idle(this.options.pollIntervalMs);
          continue;
        }
        let events: RecordedEvent[];
        const readStarted = performance.now();
        try {
          events = await this.store.readAll({
            after: cursor,
            limit: this.options.batchSize,
            types: this.handler.eventTypes,
          });
        } catch (err) {
          readFailures++;
          const delay = Math.min(this.options.retry.maxDelayMs, this.options.retry.baseDelayMs * 2 ** readFailures);
          this.state = 'retrying';
          this.noteError(
            `reading the log failed (attempt ${readFailures}, next in ${delay} ms): ${(err as Error).message}`,
          );
          await this.sleep(delay);
          continue;
        }
        if (readFailures > 0) {
          this.logger.log(`reading the log again after ${readFailures} failed attempts`);
          readFailures = 0;
          this.state = 'catching-up';
          this.lastError = null;
        }
        const everythingRead = this.hinted.position <= (events.length ? events[events.length - 1].position : cursor);
        if (events.length === 0) {
          if (everythingRead) this.scheduler.readDone(readStarted);
          if (this.hinted.position > cursor && Date.now() - this.hinted.at < HINT_PATIENCE_MS) {
            await this.idle(Math.min(HINT_RETRY_MAX_MS, 2 ** unseenReads++));
            continue;
          }
          unseenReads = 0;
          if (this.scheduler.pending === 0 && this.state !== 'retrying') this.state = 'live';
          // a move that failed (the database away) is tried again while nothing else moves it
          if (this.scheduler.handledUpTo > this.checkpoint) this.moveCheckpoint(pipelined);
          await this.idle(this.options.pollIntervalMs);
          continue;
        }
        unseenReads = 0;
        if (events.length === this.options.batchSize) this.state = 'catching-up';
        cursor = events[events.length - 1].position;
        this.scheduler.add(events);
        if (everythingRead) this.scheduler.readDone(readStarted);
        // Caught up: read again when woken (an append of ours meanwhile), not at once for nothing.
        if (events.length < this.options.batchSize) await this.idle(this.options.pollIntervalMs);
      }
    } finally {
      unhear?.();
      await this.scheduler.stop();
      await this.moving;
      if (!this.checkpointTaken) {
        this.moveCheckpoint(pipelined);
        await this.moving;
      }
    }
  }

  /** Moves the stored checkpoint to what is handled: one move at a time, the latest wins. */
  private moveCheckpoint(pipelined: PipelinedHandler): void {
    if (this.moving) {
      this.moveAgain = true;
      return;
    }
    this.moving = (async () => {
      do {
        this.moveAgain = false;
        const to = this.scheduler?.handledUpTo ?? this.checkpoint;
        if (to <= this.checkpoint || this.checkpointTaken) return;
        try {
          await pipelined.moveCheckpoint(this.checkpoint, to);
        } catch (err) {
          if (err instanceof CheckpointMovedError) {
            this.checkpointTaken = true;
            this.wake();
          } else {
            this.noteError(`moving the checkpoint failed: ${(err as Error).message}`);
          }
          return;
        }
        this.checkpoint = to;
        this.lastError = null;
        if (this.state === 'retrying' && this.scheduler?.pending === 0) this.state = 'live';
        this.releaseWaiters();
      } while (this.moveAgain);
    })().finally(() => (this.moving = undefined));
  }

  private noteError(message: string): void {
    this.lastError = message;
    this.logger.warn(message);
  }
}
