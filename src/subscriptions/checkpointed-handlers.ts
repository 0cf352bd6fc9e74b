import { MikroORM } from '@mikro-orm/postgresql';
import { RecordedEvent } from '../event-store/event-store.port';
import { CheckpointMovedError, Checkpoints } from './checkpoint.store';
import { clientSql } from '../database/batch-sql';
import { ProjectionBatch, ProjectionRows } from './projection-rows';
import { withOrmConnection } from '../database/orm-connections';
import { PipelinedHandler } from './runner.types';
import { SubscriptionHandler } from './subscription-runner';
import { EventReactor, Projection } from './subscription.types';

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
 */
export class ProjectionHandler extends CheckpointedHandler {
  readonly kind = 'projection' as const;
  readonly commitsAsynchronously = true;
  /** the batch's rows, written set-based at its end; nothing kept from one batch to the next */
  private readonly rows: ProjectionRows;

  constructor(
    readonly projection: Projection,
    orm: MikroORM,
    private readonly faults: ProjectionFaults = {},
  ) {
    super(projection, orm);
    this.rows = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform(), 0, true);
  }

  /**
   * On a connection of the ORM's pool, through the driver. (Through MikroORM's transaction and
   * knex, each statement cost the process several times the driver's own work.)
   */
  async handleBatch(events: readonly RecordedEvent[], from: number): Promise<void> {
    const to = events[events.length - 1].position;
    await withOrmConnection(this.orm.em, async (connection) => {
      const sql = clientSql(connection);
      let begun = false;
      const begin = async () => {
        if (begun) return;
        await connection.query('BEGIN');
        begun = true;
        await Checkpoints.moveCommittingAsynchronously(sql, this.name, from, to);
      };
      try {
        const batch = new ProjectionBatch(this.rows, sql, begin);
        for (const event of events) await this.projection.apply(event, batch);
        if (begun) {
          await this.rows.write(sql);
          this.faults.beforeCheckpoint?.(this.name, events);
          await connection.query('COMMIT');
          return;
        }
        this.faults.beforeCheckpoint?.(this.name, events);
        if (!(await this.rows.writeAfter(sql, Checkpoints.movingAsynchronously(this.name, from, to))))
          throw new CheckpointMovedError(this.name);
      } catch (err) {
        if (begun) await connection.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        // written, or rolled back: either way not this handler's to keep
        this.rows.forget();
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
    private readonly concurrency = 8,
  ) {
    super(reactor, orm);
    this.pipelined = {
      concurrency,
      partitionOf: (event) => this.partitionOf(event),
      handle: (event) => reactor.handle(event),
      // one statement on a pooled connection, through the driver (see withOrmConnection)
      moveCheckpoint: (from, to) => Checkpoints.moveOnPool(this.orm.em, this.name, from, to),
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
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    if (failures.length) throw failures[0];
    await Checkpoints.move(this.orm.em.fork(), this.name, from, events[events.length - 1].position);
  }
}
