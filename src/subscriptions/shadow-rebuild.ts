import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { EventStore } from '../event-store/event-store.port';
import { conflict } from '../shared/domain-error';
import { Checkpoints } from './checkpoint.store';
import {
  compareTables,
  createShadowIndexes,
  createShadowTables,
  dropShadow,
  shadowSchemaOf,
  swapInShadow,
  TableDifference,
  useShadow,
} from './shadow-tables';
import { FailedEvent, RebuildProgress, RebuildReport } from './rebuild-report';
import { Projection } from './subscription.types';
import { transactionSql } from '../database/batch-sql';
import { ProjectionBatch, ProjectionRows } from './projection-rows';
import { ShadowBatches, Staged } from './shadow-batches';
import { untilReadable } from '../event-store/until-readable';

export type { FailedEvent, RebuildProgress, RebuildReport } from './rebuild-report';

const lockKey = (projection: string) => `cedar-heights:rebuild:${projection}`;

/** How long a rebuild waits for the events committed before it to become readable. */
const READABLE_WAIT_MS = 10_000;

/**
 * Rebuilds one projection without taking it offline:
 *  1. shadow copies of its tables are created empty, in a schema of their own;
 *  2. the whole log is replayed into them, batch by batch, while the live tables keep serving
 *     reads and the live subscription keeps applying new events;
 *  3. near the head, one transaction locks the live checkpoint (pausing the live subscription
 *     for a moment), applies the last events to the copies, compares them with the live tables
 *     row by row, swaps them in under the same names and moves the checkpoint to where the
 *     copies stopped. The live subscription then resumes from there.
 * A session advisory lock keeps two rebuilds of one projection (in any process) apart.
 */
export class ShadowRebuild {
  private readonly logger: Logger;
  private readonly schema: string;
  private lockClient?: PoolClient;
  /** the replay's rows in memory, from batch to batch (see ProjectionRows) */
  private readonly replay: ProjectionRows;
  private readonly batches: ShadowBatches;

  constructor(
    private readonly projection: Projection,
    private readonly orm: MikroORM,
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly batchSize = 5000,
    /** rows per table the replay keeps in memory between batches */
    replayCapacity = 100_000,
  ) {
    this.replay = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform(), replayCapacity);
    this.logger = new Logger(`Rebuild:${projection.name}`);
    this.schema = shadowSchemaOf(projection.name);
    this.batches = new ShadowBatches(projection, orm, this.schema, this.replay, this.logger);
  }

  /** Takes the projection's rebuild lock; a 409 when another rebuild holds it. */
  async acquire(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        lockKey(this.projection.name),
      ]);
      if (!rows[0].ok) throw conflict('REBUILD_RUNNING', `${this.projection.name} is being rebuilt already`);
      this.lockClient = client;
    } catch (err) {
      client.release();
      throw err;
    }
  }

  async release(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = undefined;
    if (!client) return;
    try {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey(this.projection.name)]);
      client.release();
    } catch (err) {
      client.release(err as Error);
    }
  }

  /** Runs the rebuild; `acquire()` must have succeeded. */
  async run(onProgress?: (p: RebuildProgress) => void | Promise<void>, signal?: AbortSignal): Promise<RebuildReport> {
    if (!this.lockClient) throw new Error('rebuild lock not held');
    const { name, tables, eventTypes } = this.projection;
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    // Every event committed before the rebuild started is replayed; one still unreadable after the
    // wait reaches the model through its live subscription.
    await untilReadable(this.store, await this.store.headPosition(eventTypes), {
      types: eventTypes,
      timeoutMs: READABLE_WAIT_MS,
      signal,
    });
    const total = await this.countEvents();
    let events = 0;
    const failed: FailedEvent[] = [];
    const progress = () =>
      onProgress?.({ events, total, eventsPerSecond: Math.round(events / Math.max(elapsed() / 1000, 1e-3)) });
    // Secondary indexes are built after the replay's bulk, before the last events and the swap.
    const indexes = await this.orm.em
      .fork()
      .transactional((em) => createShadowTables(em, this.schema, tables, 'later'));
    this.batches.deferredIndexes = indexes;
    try {
      // Catch up outside any lock: the live model keeps serving and moving. The next page is read
      // while the current one is applied; a batch's rows are committed while the next one is (stage).
      let after = 0;
      const read = (from: number) => {
        const page = this.store.readAll({ after: from, limit: this.batchSize, types: eventTypes });
        page.catch(() => undefined);
        return page;
      };
      let staged: Staged | undefined;
      for (let next = read(after); ;) {
        if (signal?.aborted) throw new Error(`rebuild of ${name} stopped: the app is shutting down`);
        const batch = await next;
        if (batch.length === 0) break;
        const full = batch.length === this.batchSize;
        if (full) next = read(batch[batch.length - 1].position);
        staged = await this.batches.stage(batch, staged, failed);
        after = batch[batch.length - 1].position;
        events += batch.length;
        await progress();
        if (!full) break;
      }
      await this.batches.settle(staged, failed);
      await this.orm.em.fork().transactional((em) => createShadowIndexes(em, indexes));
      // The last few events, the comparison and the swap: one transaction.
      const differences: TableDifference[] = [];
      let comparedAt = { live: 0, rebuilt: 0 };
      const position = await this.orm.em.fork().transactional(async (em) => {
        await em.execute(`SET LOCAL lock_timeout = '30s'`);
        // Holding the checkpoint row keeps the live subscription from applying anything meanwhile.
        await em.execute(
          'INSERT INTO subscription_checkpoints (name, position) VALUES (?, 0) ON CONFLICT (name) DO NOTHING',
          [name],
        );
        const [row] = await em.execute<{ position: string }[]>(
          'SELECT position FROM subscription_checkpoints WHERE name = ? FOR UPDATE',
          [name],
        );
        const live = Number(row.position);
        await useShadow(em, this.schema);
        const sql = await transactionSql(em);
        const rows = new ProjectionBatch(this.replay, sql);
        try {
          for (;;) {
            const batch = await this.store.readAll({ after, limit: this.batchSize, types: eventTypes });
            if (batch.length === 0) break;
            for (const event of batch) await this.projection.apply(event, rows);
            await this.replay.write(sql);
            this.replay.trim();
            after = batch[batch.length - 1].position;
            events += batch.length;
            void Promise.resolve(progress()).catch(() => undefined);
          }
        } finally {
          // What follows applies events to the live tables, as the live subscription would.
          this.replay.forget();
        }
        // The copy stands at `after` (it read until the log ran dry), the live model at `live`. A live
        // model that lags gets its missing events here, as its subscription would, so the two are
        // compared at the same position and a difference means the live rows were wrong.
        // (Only a short lag: a model far behind, or never run, is compared where it stands.)
        await em.execute('SET LOCAL search_path TO public');
        comparedAt = { live, rebuilt: after };
        if (live < after) {
          const lag = await this.store.readAll({ after: live, limit: this.batchSize + 1, types: eventTypes });
          // Complete when the page ran past `after` or was not full.
          if (lag.length <= this.batchSize || lag[lag.length - 1].position > after) {
            // An event the copy could not apply is parked for both, as the live subscription parks it.
            const skipped = new Set(failed.map((f) => f.position));
            const missing = lag.filter((e) => e.position <= after && !skipped.has(e.position));
            const lagRows = new ProjectionRows(this.orm.getMetadata(), this.orm.em.getPlatform(), 0);
            const lagBatch = new ProjectionBatch(lagRows, sql);
            for (const event of missing) await this.projection.apply(event, lagBatch);
            await lagRows.write(sql);
            comparedAt = { live: after, rebuilt: after };
          }
        }
        for (const table of tables) differences.push(await compareTables(em, this.schema, table));
        await swapInShadow(em, this.schema, tables);
        await Checkpoints.move(em, name, live, Math.max(after, live));
        await em.execute('DELETE FROM subscription_parked WHERE subscription = ?', [name]);
        for (const f of failed) {
          await em.execute(
            `INSERT INTO subscription_parked (subscription, position, event_id, event_type, stream_id, error, attempts)
             VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
            [name, f.position, f.eventId, f.type, f.streamId, f.error.slice(0, 4000)],
          );
        }
        return Math.max(after, live);
      });
      const milliseconds = elapsed();
      const identical = differences.every((d) => d.changed + d.onlyLive + d.onlyRebuilt === 0);
      if (!identical)
        this.logger.warn(`rebuilt model differs from the one it replaced: ${JSON.stringify(differences)}`);
      return {
        projection: name,
        events,
        milliseconds,
        eventsPerSecond: Math.round(events / Math.max(milliseconds / 1000, 1e-3)),
        position,
        identical,
        comparedAt,
        differences,
        failed,
      };
    } catch (err) {
      await this.orm.em
        .fork()
        .transactional((em) => dropShadow(em, this.schema))
        .catch(() => undefined);
      throw err;
    }
  }

  /** For the ETA: how many events the replay will read (PostgreSQL log only). */
  private async countEvents(): Promise<number | null> {
    if (this.store.name !== 'postgres') return null;
    try {
      const { rows } = await this.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM es_events WHERE type = ANY($1::text[])',
        [[...this.projection.eventTypes]],
      );
      return Number(rows[0].n);
    } catch {
      return null;
    }
  }
}
