import { MikroORM } from '@mikro-orm/postgresql';
import { RecordedEvent } from '../event-store/event-store.port';
import { CheckpointMovedError, Checkpoints } from './checkpoint.store';
import { clientSql } from '../database/batch-sql';
import { ProjectionBatch, ProjectionRows } from './projection-rows';
import { withOrmConnection } from '../database/orm-connections';
import { PipelinedHandler } from './runner.types';
import { SubscriptionHandler } from './subscription-runner';
import { EventReactor, Projection } from './subscription.types';

/** rows per table a live projection keeps in memory from one batch to the next */
const KEPT_ROWS = 5_000;
/**
 * Runs a saga handles at once (SagaScheduler). A workflow step spends most of its time waiting
 * for the database (reads, an append and its flush), so under a burst the runs in flight are
 * what keeps the machine busy: a burst of 200 enrollments on two cores went from 55/s with 8 to
 * 63/s with 16 and 70/s with 64, their appends and reads travelling together more. While the
 * process answers requests (Foreground), the steps would take the CPU from them and from the
 * read models (bench:lag's load, more enrollments than can be finished: projection lag p99
 * about 38 ms with 8, 44 with 16, 53-60 with 32), so a saga then takes
 * SAGA_CONCURRENCY_ANSWERING. Not more than 32: each run may call the payment gateway, whose
 * calls per second Stripe limits (its SDK retries a call refused for that). See
 * docs/benchmarks.md.
 */
export const SAGA_CONCURRENCY = 32;
export const SAGA_CONCURRENCY_ANSWERING = 8;

/** Test seam: lets a test fail a projection between its row changes and its checkpoint move. */
export interface ProjectionFaults {
  /**
   * called once the batch's rows are ready, before anything of them or of the checkpoint commits
   * (before the one statement writing both; in a batch with SQL in place, after its rows were
   * written, before COMMIT)
   */
  beforeCheckpoint?(projection: string, events: readonly RecordedEvent[]): void;
}

/** Checkpoint and parking, kept in PostgreSQL, shared by projections and sagas. */
abstract class CheckpointedHandler implements SubscriptionHandler {
  abstract readonly kind: 'projection' | 'saga';

  constructor(
    private readonly target: Projection | EventReactor,
    protected readonly orm: MikroORM,
  ) {}

  get name(): string {
    return this.target.name;
  }

  get eventTypes(): readonly string[] {
    return this.target.eventTypes;
  }

  abstract handleBatch(events: readonly RecordedEvent[], from: number): Promise<void>;

  loadCheckpoint(): Promise<number> {
    return Checkpoints.load(this.orm.em.fork(), this.name);
  }

  async park(event: RecordedEvent, error: string, attempts: number, from: number): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await Checkpoints.park(em, this.name, event, error, attempts);
      await Checkpoints.move(em, this.name, from, event.position);
    });
  }

  async countParked(): Promise<number> {
    return Checkpoints.countParked(this.orm.em.fork(), this.name);
  }
}

/**
 * Row changes and the checkpoint move commit in one PostgreSQL transaction: exactly once. The
 * rows are written set-based at the end of the batch (ProjectionRows), not entity by entity
 * through MikroORM's unit of work, and in the same statement as the checkpoint's compare-and-set:
 * one statement is one transaction, so a batch costs its row lookups and that statement, with no
 * BEGIN or COMMIT of its own (each round trip is a wait in a busy event loop). When the
 * checkpoint was moved by another process, that statement writes nothing. A batch whose
 * projection changes rows in place (ProjectionBatch.execute) begins a transaction there instead:
 * BEGIN and the checkpoint's move first (its compare-and-set locks the row, so a second process
 * running the same projection stops there before touching any row), the rows, COMMIT. Either
 * way the transaction commits without waiting for its WAL flush: a read model is derived from
 * the log, and a crash of the database loses its last rows only together with the checkpoint
 * that covers them (see Checkpoints.moveCommittingAsynchronously; the runner finds the older
 * checkpoint and applies those events again).
 *
 * The rows a batch made or read stay in memory for the next batches (up to KEPT_ROWS per table):
 * an enrollment's row changes at each step of its workflow, and is then read once, not at every
 * step. They are kept only while they are what the table holds: the projection is the only
 * writer of its tables, and only through its subscription, whose checkpoint row moves with every
 * batch. So the next batch uses them only when it starts where the last one ended and the
 * checkpoint row is the very version the last batch wrote (its move fails otherwise, writing
 * nothing): another process that ran the subscription meanwhile, a rebuild that swapped the
 * tables, a database crash that lost the last commits, each changed or set back that row. A
 * batch that failed, or that changed rows in place, forgets them.
 */
export class ProjectionHandler extends CheckpointedHandler {
  readonly kind = 'projection' as const;
  readonly commitsAsynchronously = true;
  /** the batch's rows, written set-based at its end, and kept for the next batches */
  private readonly rows: ProjectionRows;
  /** where the rows in memory are the table's: the checkpoint the last batch left, and its row's version */
  private kept: { through: number; version: string } | null = null;

  constructor(
    readonly projection: Projection,
    orm: MikroORM,
    private readonly faults: ProjectionFaults = {},
  ) {
    super(projection, orm);
    this.rows = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform(), KEPT_ROWS, true);
  }

  /** Not running: the rows kept go (another process may change the tables from now on). */
  stopped(): void {
    this.kept = null;
    this.rows.forget();
  }

  /**
   * On a connection of the ORM's pool, through the driver. (Through MikroORM's transaction and
   * knex, each statement cost the process several times the driver's own work.)
   */
  async handleBatch(events: readonly RecordedEvent[], from: number): Promise<void> {
    const to = events[events.length - 1].position;
    // The rows kept are the table's only if the checkpoint is where the last batch left it, and
    // (checked by the move) its row has not changed since.
    const kept = this.kept?.through === from ? this.kept : null;
    this.kept = null;
    if (!kept) this.rows.forget();
    const version = kept?.version ?? null;
    let moved: string | undefined;
    await withOrmConnection(this.orm.em, async (connection) => {
      const sql = clientSql(connection);
      let begun = false;
      const begin = async () => {
        if (begun) return;
        await connection.query('BEGIN');
        begun = true;
        moved = await Checkpoints.moveCommittingAsynchronously(sql, this.name, from, to, version);
      };
      try {
        const batch = new ProjectionBatch(this.rows, sql, begin);
        for (const event of events) await this.projection.apply(event, batch);
        if (begun) {
          await this.rows.write(sql);
          this.faults.beforeCheckpoint?.(this.name, events);
          await connection.query('COMMIT');
        } else {
          this.faults.beforeCheckpoint?.(this.name, events);
          const row = await this.rows.writeAfter<{ version: string }>(
            sql,
            Checkpoints.movingAsynchronously(this.name, from, to, version),
          );
          if (!row) throw new CheckpointMovedError(this.name);
          moved = row.version;
        }
        this.rows.trim();
        this.kept = { through: to, version: moved! };
      } catch (err) {
        // rolled back: the rows in memory may hold what the table does not
        this.rows.forget();
        if (begun) await connection.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}

/**
 * Sagas: effects first, checkpoint after, so delivery is at least once (effects are idempotent).
 * Events of different partitions (by default, different correlation ids: different requests or
 * workflow runs) are handled concurrently; within a partition, in log order. The runner drives
 * them through `pipelined`: each event as soon as it is read, the runs seen first first, the
 * checkpoint following the events handled (SagaScheduler).
 */
export class ReactorHandler extends CheckpointedHandler {
  readonly kind = 'saga' as const;
  /** How the runner drives it: event by event as read, run by run (SagaScheduler); handleBatch is the batch path. */
  readonly pipelined: PipelinedHandler;

  constructor(
    readonly reactor: EventReactor,
    orm: MikroORM,
    /** whether the process is answering requests (fewer runs at once then); none: always SAGA_CONCURRENCY */
    foreground?: { readonly busy: boolean },
  ) {
    super(reactor, orm);
    this.pipelined = {
      get concurrency() {
        return foreground?.busy ? SAGA_CONCURRENCY_ANSWERING : SAGA_CONCURRENCY;
      },
      partitionOf: (event) => this.partitionOf(event),
      handle: (event) => reactor.handle(event),
      // one statement on a pooled connection, through the driver (see withOrmConnection), not
      // waiting for its flush (see Checkpoints.sagaMoveOnPool)
      moveCheckpoint: (from, to) => Checkpoints.sagaMoveOnPool(this.orm.em, this.name, from, to),
      recordParked: (event, error, attempts) => Checkpoints.park(this.orm.em.fork(), this.name, event, error, attempts),
    };
  }

  private partitionOf(event: RecordedEvent): string {
    return this.reactor.partitionOf?.(event) ?? event.metadata.correlationId;
  }

  async handleBatch(events: readonly RecordedEvent[], from: number): Promise<void> {
    const partitions = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const key = this.partitionOf(event);
      partitions.set(key, [...(partitions.get(key) ?? []), event]);
    }
    const queue = [...partitions.values()];
    const failures: unknown[] = [];
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        try {
          for (const event of part) await this.reactor.handle(event);
        } catch (err) {
          failures.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SAGA_CONCURRENCY, queue.length) }, worker));
    if (failures.length) throw failures[0];
    await Checkpoints.move(this.orm.em.fork(), this.name, from, events[events.length - 1].position);
  }
}
