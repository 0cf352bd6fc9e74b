import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { RecordedEvent } from '../event-store/event-store.port';
import { FailedEvent } from './rebuild-report';
import { BatchSql, transactionSql } from '../database/batch-sql';
import { PreparedWrite, ProjectionBatch, ProjectionRows } from './projection-rows';
import { createShadowIndexes, useShadow } from './shadow-tables';
import { Projection } from './subscription.types';

/** A batch applied in memory whose rows are being committed: `done` tells whether they were. */
export interface Staged {
  batch: readonly RecordedEvent[];
  done: Promise<boolean>;
  /**
   * It changed rows in place (SQL such as a family's forgetting): rows the next batch does not
   * hold in memory, which it would read from the tables as they were before, until this commits.
   */
  inPlace: boolean;
}

/**
 * How a rebuild's catch-up replay writes its batches into the shadow tables: each batch is
 * applied in memory in a transaction of its own while the previous one's rows are committed. A
 * batch that fails is applied again, whole, then event by event; the events that still fail are
 * skipped and reported.
 */
export class ShadowBatches {
  /** the shadow's secondary indexes, built before SQL that changes rows in place */
  deferredIndexes: string[] = [];

  constructor(
    private readonly projection: Projection,
    private readonly orm: MikroORM,
    private readonly schema: string,
    private readonly replay: ProjectionRows,
    private readonly logger: Logger,
  ) {}

  /**
   * Applies a batch to the rows in memory, in a transaction of its own, while the previous batch's
   * rows are still being committed; waits for that commit, then sends this batch's rows and its
   * commit without waiting (the next batch is applied meanwhile). When either batch fails, both
   * are rolled back and applied again one after the other, as `applyToShadow` does.
   */
  async stage(
    batch: readonly RecordedEvent[],
    previous: Staged | undefined,
    failed: FailedEvent[],
  ): Promise<Staged | undefined> {
    const em = this.orm.em.fork();
    let previousCommitted: Promise<void> | undefined;
    const afterPrevious = () =>
      (previousCommitted ??= (previous?.done ?? Promise.resolve(true)).then((ok) => {
        if (!ok) throw new Error('the previous batch was rolled back');
        this.replay.trim();
      }));
    let prepared: PreparedWrite;
    let sql: BatchSql;
    let inPlace = false;
    await em.begin();
    try {
      // After a batch that changed rows in place, this one reads the tables once that commits.
      if (previous?.inPlace) await afterPrevious();
      await useShadow(em, this.schema);
      sql = await transactionSql(em);
      // SQL that changes rows in place (a family forgotten) waits for the batch before this one
      // to commit, and finds the rows by the secondary indexes.
      const rows = new ProjectionBatch(this.replay, sql, () => {
        inPlace = true;
        return afterPrevious().then(() => createShadowIndexes(em, this.deferredIndexes));
      });
      for (const event of batch) await this.projection.apply(event, rows);
      await afterPrevious();
      prepared = this.replay.prepare();
    } catch {
      await em.rollback().catch(() => undefined);
      this.replay.forget();
      await this.settle(previous, failed);
      await this.applyToShadow(batch, failed);
      return undefined;
    }
    const done = (async () => {
      try {
        await this.replay.send(sql, prepared);
        await em.commit();
        return true;
      } catch {
        await em.rollback().catch(() => undefined);
        return false;
      }
    })();
    return { batch, done, inPlace };
  }

  /** Waits for a staged batch's commit; a batch that failed is applied again (whole, else event by event). */
  async settle(staged: Staged | undefined, failed: FailedEvent[]): Promise<void> {
    if (!staged) return;
    if (await staged.done) {
      this.replay.trim();
      return;
    }
    this.replay.forget();
    await this.applyToShadow(staged.batch, failed);
  }

  /** One transaction per batch; a failing batch is applied event by event and the failing events skipped. */
  private async applyToShadow(batch: readonly RecordedEvent[], failed: FailedEvent[]): Promise<void> {
    try {
      await this.inShadow(async (rows) => {
        for (const event of batch) await this.projection.apply(event, rows);
      });
      this.replay.trim();
      return;
    } catch (err) {
      // Rolled back: the rows in memory hold changes the tables do not.
      this.replay.forget();
      if (batch.length === 1) {
        const e = batch[0];
        failed.push({
          position: e.position,
          eventId: e.eventId,
          type: e.type,
          streamId: e.streamId,
          error: (err as Error)?.message ?? String(err),
        });
        this.logger.warn(`skipped ${e.type} at ${e.position}: ${(err as Error)?.message}`);
        return;
      }
    }
    for (const event of batch) await this.applyToShadow([event], failed);
  }

  private inShadow(work: (batch: ProjectionBatch) => Promise<void>): Promise<void> {
    return this.orm.em.fork().transactional(async (em) => {
      await useShadow(em, this.schema);
      const sql = await transactionSql(em);
      await work(new ProjectionBatch(this.replay, sql));
      await this.replay.write(sql);
    });
  }
}
