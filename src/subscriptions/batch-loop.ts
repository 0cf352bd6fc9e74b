import { RecordedEvent } from '../event-store/event-store.port';
import { CheckpointMovedError } from './checkpoint.store';
import { BackedOffReads, HINT_RETRY_MAX_MS, hintPending, RunnerLoopContext } from './runner.types';

/**
 * Projections (and any handler without a pipelined path): reads the log from the checkpoint,
 * batch by batch while behind, woken by appends (or a poll) when caught up; each batch is
 * handled and its checkpoint moved by the handler in one go. A failing event is retried with
 * back-off and then parked (recorded, reported, skipped) so one bad event cannot stall the
 * subscription or crash-loop the process.
 */
export class BatchLoop {
  constructor(private readonly ctx: RunnerLoopContext) {}

  async run(): Promise<void> {
    const ctx = this.ctx;
    const reads = new BackedOffReads(ctx);
    let unseenReads = 0;
    while (ctx.running) {
      ctx.takeWake();
      const events = await reads.read(ctx.checkpoint);
      if (events === null) continue;
      if (events.length > 0) {
        unseenReads = 0;
        const full = events.length === ctx.options.batchSize;
        if (full) ctx.state = 'catching-up';
        try {
          await this.process(events);
        } catch (err) {
          // e.g. the database went away while reloading a moved checkpoint: wait and read again
          ctx.noteError(`handling events failed: ${(err as Error).message}`);
          await ctx.sleep(ctx.options.retry.maxDelayMs);
          continue;
        }
        // A full batch may have more behind it, and a batch not all handled (stopped, or the
        // checkpoint taken) starts again from the checkpoint: read at once. A shorter batch was
        // everything readable when read; what came since has woken us (or hinted at itself).
        if (full || ctx.checkpoint < events[events.length - 1].position) continue;
      }
      if (hintPending(ctx, ctx.checkpoint)) {
        // Appended but not readable yet: no other wake-up may come when it is, so look again soon.
        await ctx.idle(Math.min(HINT_RETRY_MAX_MS, 2 ** unseenReads++));
        continue;
      }
      unseenReads = 0;
      ctx.state = 'live';
      if (!(await ctx.idle(ctx.options.pollIntervalMs)) && ctx.handler.commitsAsynchronously) {
        await this.verifyStoredCheckpoint();
      }
    }
  }

  /**
   * A handler committing asynchronously, idle for a poll interval: a stored checkpoint behind
   * ours means the database lost our last commits (a crash before their WAL flush), rows and
   * checkpoint together; those events are applied again from the log.
   */
  private async verifyStoredCheckpoint(): Promise<void> {
    const ctx = this.ctx;
    let stored: number;
    try {
      stored = await ctx.handler.loadCheckpoint();
    } catch {
      return; // the database is away: the next read reports it
    }
    if (stored >= ctx.checkpoint) return;
    ctx.warn(
      `stored checkpoint ${stored} is behind ${ctx.checkpoint} (commits lost in a database crash); applying again`,
    );
    ctx.checkpoint = stored;
  }

  private async process(events: RecordedEvent[]): Promise<void> {
    const ctx = this.ctx;
    try {
      await ctx.handler.handleBatch(events, ctx.checkpoint);
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
      if (!ctx.running) return;
      try {
        await ctx.handler.handleBatch([event], ctx.checkpoint);
        this.advance([event]);
      } catch (err) {
        if (await this.checkpointMoved(err)) return;
        if (!(await this.retryOne(event, err))) return;
      }
    }
  }

  /** Retries one event with back-off; parks it when every attempt failed. False when stopped. */
  private async retryOne(event: RecordedEvent, firstError: unknown): Promise<boolean> {
    const ctx = this.ctx;
    const { attempts, baseDelayMs, maxDelayMs } = ctx.options.retry;
    let error = firstError;
    for (let attempt = 2; attempt <= attempts; attempt++) {
      ctx.failed();
      ctx.state = 'retrying';
      ctx.noteError(
        `event ${event.type} at ${event.position} failed ` +
          `(attempt ${attempt - 1}/${attempts}): ${(error as Error)?.message}`,
      );
      await ctx.sleep(Math.min(maxDelayMs, baseDelayMs * 4 ** (attempt - 2)));
      if (!ctx.running) return false;
      try {
        await ctx.handler.handleBatch([event], ctx.checkpoint);
        this.advance([event]);
        ctx.state = 'catching-up';
        return true;
      } catch (err) {
        if (await this.checkpointMoved(err)) return false;
        error = err;
      }
    }
    ctx.failed();
    const message = (error as Error)?.stack ?? String(error);
    ctx.error(
      `parked event ${event.eventId} (${event.type} at position ${event.position}, stream ${event.streamId}) ` +
        `after ${attempts} attempts: ${(error as Error)?.message}`,
    );
    try {
      await ctx.handler.park(event, message, attempts, ctx.checkpoint);
      this.advance([event]);
      ctx.parked();
      ctx.state = 'catching-up';
      return true;
    } catch (err) {
      if (await this.checkpointMoved(err)) return false;
      ctx.noteError(`parking failed: ${(err as Error).message}`);
      await ctx.sleep(maxDelayMs);
      return false;
    }
  }

  private async checkpointMoved(err: unknown): Promise<boolean> {
    if (!(err instanceof CheckpointMovedError)) return false;
    const ctx = this.ctx;
    ctx.checkpoint = await ctx.handler.loadCheckpoint();
    ctx.warn(`checkpoint moved by another process; resuming from ${ctx.checkpoint}`);
    ctx.releaseWaiters();
    return true;
  }

  private advance(events: readonly RecordedEvent[]): void {
    const ctx = this.ctx;
    ctx.checkpoint = events[events.length - 1].position;
    ctx.lastError = null;
    ctx.count(events);
    ctx.releaseWaiters();
  }
}
