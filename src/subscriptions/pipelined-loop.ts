import { CheckpointMovedError } from './checkpoint.store';
import { SagaScheduler } from './saga-scheduler';
import { BackedOffReads, HINT_RETRY_MAX_MS, hintPending, PipelinedHandler, RunnerLoopContext } from './runner.types';

/** how long a saga's checkpoint move waits for the events handled after it (see moveCheckpoint) */
const MOVE_GATHER_MS = 20;

/**
 * Sagas: reads ahead of the checkpoint and hands each event to its run as soon as it is read
 * (SagaScheduler); the checkpoint follows the events handled, one compare-and-set at a time,
 * off the path from one step to the next.
 */
export class PipelinedLoop {
  /** events being handled, the checkpoint move in flight, and whether another is due */
  private scheduler?: SagaScheduler;
  private moving?: Promise<void>;
  private moveAgain = false;
  /** a move waiting for the events handled after it */
  private gathering?: NodeJS.Timeout;
  /** another process moved the checkpoint; start again from the stored one */
  private checkpointTaken = false;
  /** the read loop waits for events to be handled (read ahead is bounded) */
  private full = false;

  constructor(
    private readonly ctx: RunnerLoopContext,
    private readonly pipelined: PipelinedHandler,
  ) {}

  async run(): Promise<void> {
    const ctx = this.ctx;
    const maxAhead = ctx.options.batchSize * 4;
    const reads = new BackedOffReads(ctx);
    let unseenReads = 0;
    let cursor = ctx.checkpoint;
    let scheduler = (this.scheduler = this.newScheduler());
    const types = new Set(ctx.handler.eventTypes);
    const unhear = ctx.options.storedHere?.((event) => {
      if (types.has(event.type)) this.scheduler?.offer(event);
    });
    try {
      while (ctx.running) {
        ctx.takeWake();
        if (this.checkpointTaken) {
          await scheduler.stop();
          await this.moving;
          this.checkpointTaken = false;
          ctx.checkpoint = await ctx.handler.loadCheckpoint();
          ctx.warn(`checkpoint moved by another process; resuming from ${ctx.checkpoint}`);
          ctx.releaseWaiters();
          cursor = ctx.checkpoint;
          scheduler = this.scheduler = this.newScheduler();
          continue;
        }
        this.full = scheduler.pending >= maxAhead;
        if (this.full) {
          await ctx.idle(ctx.options.pollIntervalMs);
          continue;
        }
        const readStarted = performance.now();
        const events = await reads.read(cursor);
        if (events === null) continue;
        const everythingRead = ctx.hinted.position <= (events.length ? events[events.length - 1].position : cursor);
        if (events.length === 0) {
          if (everythingRead) scheduler.readDone(readStarted);
          if (hintPending(ctx, cursor)) {
            await ctx.idle(Math.min(HINT_RETRY_MAX_MS, 2 ** unseenReads++));
            continue;
          }
          unseenReads = 0;
          if (scheduler.pending === 0 && ctx.state !== 'retrying') ctx.state = 'live';
          // a move that failed (the database away) is tried again while nothing else moves it
          if (scheduler.handledUpTo > ctx.checkpoint) this.moveCheckpoint();
          await ctx.idle(ctx.options.pollIntervalMs);
          continue;
        }
        unseenReads = 0;
        if (events.length === ctx.options.batchSize) ctx.state = 'catching-up';
        cursor = events[events.length - 1].position;
        scheduler.add(events);
        if (everythingRead) scheduler.readDone(readStarted);
        // Caught up: read again when woken (an append of ours meanwhile), not at once for nothing;
        // when told of an event this read could not see yet, after a short while at the latest
        // (not at once: under load a wake-up comes sooner, and early reads would find nothing).
        if (events.length < ctx.options.batchSize) {
          await ctx.idle(hintPending(ctx, cursor) ? HINT_RETRY_MAX_MS : ctx.options.pollIntervalMs);
        }
      }
    } finally {
      unhear?.();
      await scheduler.stop();
      await this.moving;
      if (!this.checkpointTaken) {
        this.moveCheckpoint(true);
        await this.moving;
      }
    }
  }

  private newScheduler(): SagaScheduler {
    const ctx = this.ctx;
    const { retry } = ctx.options;
    return new SagaScheduler(this.pipelined, ctx.checkpoint, {
      retry,
      sleep: (ms) => ctx.sleep(ms),
      handled: (event) => ctx.count([event]),
      failed: (event, err, attempt) => {
        ctx.failed();
        if (attempt < retry.attempts) ctx.state = 'retrying';
        ctx.noteError(
          `event ${event.type} at ${event.position} failed ` +
            `(attempt ${attempt}/${retry.attempts}): ${(err as Error)?.message}`,
        );
      },
      parked: (event, err) => {
        ctx.error(
          `parked event ${event.eventId} (${event.type} at position ${event.position}, stream ${event.streamId}) ` +
            `after ${retry.attempts} attempts: ${(err as Error)?.message}`,
        );
        ctx.parked();
      },
      parkFailed: (_event, err) => ctx.noteError(`parking failed: ${(err as Error).message}`),
      progress: () => {
        this.moveCheckpoint();
        if (this.full) ctx.wake();
      },
    });
  }

  /**
   * Moves the stored checkpoint to what is handled: one move at a time, the latest wins. A move
   * waits MOVE_GATHER_MS for the events handled after it, and goes with them: a workflow's steps
   * follow each other a few milliseconds apart, and each would otherwise be a statement of its
   * own. (The checkpoint only says where a restart resumes; what is handled since is handled
   * again without effect.) `now`: without waiting (the loop ending).
   */
  private moveCheckpoint(now = false): void {
    const ctx = this.ctx;
    if (this.moving) {
      this.moveAgain = true;
      return;
    }
    if (!now) {
      if (!this.gathering) {
        this.gathering = setTimeout(() => {
          this.gathering = undefined;
          this.moveCheckpoint(true);
        }, MOVE_GATHER_MS);
        this.gathering.unref();
      }
      return;
    }
    if (this.gathering) clearTimeout(this.gathering);
    this.gathering = undefined;
    this.moving = (async () => {
      do {
        this.moveAgain = false;
        const to = this.scheduler?.handledUpTo ?? ctx.checkpoint;
        if (to <= ctx.checkpoint || this.checkpointTaken) return;
        try {
          await this.pipelined.moveCheckpoint(ctx.checkpoint, to);
        } catch (err) {
          if (err instanceof CheckpointMovedError) {
            this.checkpointTaken = true;
            ctx.wake();
          } else {
            ctx.noteError(`moving the checkpoint failed: ${(err as Error).message}`);
          }
          return;
        }
        ctx.checkpoint = to;
        ctx.lastError = null;
        if (ctx.state === 'retrying' && this.scheduler?.pending === 0) ctx.state = 'live';
        ctx.releaseWaiters();
      } while (this.moveAgain);
    })().finally(() => (this.moving = undefined));
  }
}
