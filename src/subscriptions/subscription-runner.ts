import { Logger } from '@nestjs/common';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { isCounted, Metrics } from '../operations/metrics';
import { BatchLoop } from './batch-loop';
import { WakeUps } from './wake-ups';
import { PipelinedLoop } from './pipelined-loop';
import { RunnerLoopContext, RunnerOptions, SubscriptionHandler, SubscriptionStatus } from './runner.types';
import { SharedLogReads } from './shared-log-reads';

export type { RetryPolicy, RunnerOptions, SubscriptionHandler, SubscriptionStatus } from './runner.types';

/**
 * Reads the global log from a stored checkpoint and feeds one handler, forever, woken by
 * appends of its types (or a poll) when caught up: projections batch by batch (BatchLoop), sagas
 * event by event as read (PipelinedLoop). This class holds what both share: start and stop,
 * wake-ups, the checkpoint and who waits for it, and the status.
 */
export class SubscriptionRunner {
  private readonly logger: Logger;
  private checkpoint = 0;
  private running = false;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;
  private state: SubscriptionStatus['status'] = 'stopped';
  private lastError: string | null = null;
  private waiters: { position: number; resolve: (ok: boolean) => void }[] = [];
  private stopping = new AbortController();
  /** another process runs this subscription: waits follow the stored checkpoint */
  private standby = false;
  private readonly types: ReadonlySet<string>;
  /** the last lag measured, reported while the log cannot be read */
  private lagSeconds = 0;
  /** what the read loops see of this runner */
  private readonly context: RunnerLoopContext;
  /** the last read of the log found everything readable (fewer events than a batch) */
  private caughtUp = false;
  /** when the loop reads again (see WakeUps) */
  private readonly wakeUps: WakeUps;

  constructor(
    readonly handler: SubscriptionHandler,
    private readonly store: EventStore,
    private readonly options: RunnerOptions,
    private readonly metrics: Metrics,
    /** the process's reads shared by subscriptions caught up; without it, each reads on its own */
    private readonly sharedReads?: SharedLogReads,
  ) {
    this.logger = new Logger(`Subscription:${handler.name}`);
    this.types = new Set(handler.eventTypes);
    this.wakeUps = new WakeUps(this.types, () => this.running);
    this.context = this.loopContext();
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
    this.caughtUp = false;
    this.wakeUps.restart();
    this.state = 'catching-up';
    this.checkpoint = await this.handler.loadCheckpoint();
    this.stopping = new AbortController();
    this.running = true;
    this.unsubscribe = this.store.onAppended((appended) => this.wakeUps.appended(appended));
    this.metrics.subscriptionParked.set({ subscription: this.name }, await this.handler.countParked());
    this.loop = this.handler.pipelined
      ? new PipelinedLoop(this.context, this.handler.pipelined).run()
      : new BatchLoop(this.context).run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.stopping.abort();
    this.wakeUps.wake();
    await this.loop;
    this.loop = undefined;
    this.handler.stopped?.();
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

  /**
   * The next events of our types after `after`. Caught up, the read is shared with the other
   * subscriptions reading at the same moment (woken by the same append); behind, it reads alone.
   */
  private async readAll(after: number): Promise<RecordedEvent[]> {
    const limit = this.options.batchSize;
    const events =
      this.sharedReads && this.caughtUp
        ? await this.sharedReads.read(after, limit, this.types)
        : await this.store.readAll({ after, limit, types: this.handler.eventTypes });
    this.caughtUp = events.length < limit;
    this.wakeUps.read(events.length ? events[events.length - 1].position : after);
    return events;
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

  private noteError(message: string): void {
    this.lastError = message;
    this.logger.warn(message);
  }

  private loopContext(): RunnerLoopContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const runner = this;
    return {
      name: this.name,
      handler: this.handler,
      options: this.options,
      get running() {
        return runner.running;
      },
      get checkpoint() {
        return runner.checkpoint;
      },
      set checkpoint(position: number) {
        runner.checkpoint = position;
      },
      get state() {
        return runner.state;
      },
      set state(state: SubscriptionStatus['status']) {
        runner.state = state;
      },
      get lastError() {
        return runner.lastError;
      },
      set lastError(message: string | null) {
        runner.lastError = message;
      },
      get hinted() {
        return runner.wakeUps.hinted;
      },
      readAll: (after) => this.readAll(after),
      takeWake: () => this.wakeUps.take(),
      idle: (ms) => this.wakeUps.idle(ms),
      sleep: (ms) => this.sleep(ms),
      wake: () => this.wakeUps.wake(),
      noteError: (message) => this.noteError(message),
      log: (message) => this.logger.log(message),
      warn: (message) => this.logger.warn(message),
      error: (message) => this.logger.error(message),
      count: (events) => this.count(events),
      releaseWaiters: () => this.releaseWaiters(),
      failed: () => this.metrics.subscriptionFailures.inc({ subscription: this.name }),
      parked: () => this.metrics.subscriptionParked.inc({ subscription: this.name }),
    };
  }
}
