import { EntityManager } from '@mikro-orm/postgresql';
import { statementName } from '../database/prepared-statements';
import { COMMIT_WITHOUT_FLUSH_WAIT } from '../database/commit-modes';
import { RecordedEvent } from '../event-store/event-store.port';
import { BatchSql, clientSql, transactionSql } from '../database/batch-sql';
import { withOrmConnection } from '../database/orm-connections';

/** Another process moved this subscription's checkpoint first: reload and carry on. */
export class CheckpointMovedError extends Error {
  constructor(readonly subscription: string) {
    super(`checkpoint of ${subscription} was moved by another process`);
    this.name = 'CheckpointMovedError';
  }
}

export interface ParkedEvent {
  subscription: string;
  position: number;
  eventId: string;
  eventType: string;
  streamId: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

const MOVE = `INSERT INTO subscription_checkpoints AS c (name, position, updated_at) VALUES (?, ?, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
        WHERE c.position = ?
       RETURNING c.position`;
const MOVE_NAME = statementName(MOVE);
/**
 * The move of a projection's checkpoint. Its row's version (the transaction id that wrote it,
 * `xmin`) comes back with it; given that version, the move also needs the row unchanged since,
 * by anyone, even at the same position (a rebuild's swap of the tables moves the checkpoint
 * where it stands).
 */
const MOVE_COMMITTING_ASYNCHRONOUSLY = `INSERT INTO subscription_checkpoints AS c (name, position, updated_at)
       SELECT ?, ?, now() FROM (SELECT ${COMMIT_WITHOUT_FLUSH_WAIT}) AS asynchronous_commit
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
        WHERE c.position = ? AND c.xmin::text = coalesce(?::text, c.xmin::text)
       RETURNING c.position, c.xmin::text AS version`;
const MOVE_ASYNC_NAME = statementName(MOVE_COMMITTING_ASYNCHRONOUSLY);

/**
 * Checkpoints in PostgreSQL. Moves are compare-and-set on the previous position, so two
 * processes running one subscription can never both apply the same events.
 */
export const Checkpoints = {
  async load(em: EntityManager, name: string): Promise<number> {
    const rows = await em.execute<{ position: string }[]>(
      'SELECT position FROM subscription_checkpoints WHERE name = ?',
      [name],
    );
    return rows.length ? Number(rows[0].position) : 0;
  },

  /**
   * Moves the checkpoint from `from` to `to`, in the caller's transaction when `em` is in one
   * (where it also keeps the row locked until commit); CheckpointMovedError when it is not at `from`.
   */
  async move(em: EntityManager, name: string, from: number, to: number): Promise<void> {
    // one named statement, on the transaction's connection or on one of the pool's
    if (em.getTransactionContext()) return Checkpoints.moveOn(await transactionSql(em), name, from, to);
    return Checkpoints.moveOnPool(em, name, from, to);
  },

  /** As `move`, on a connection of the ORM's pool of its own (a saga's move, outside any transaction). */
  moveOnPool(em: EntityManager, name: string, from: number, to: number): Promise<void> {
    return withOrmConnection(em, (connection) => Checkpoints.moveOn(clientSql(connection), name, from, to));
  },

  /**
   * A saga's move, one statement on a connection of the ORM's pool of its own, committing without
   * waiting for its WAL flush (moveCommittingAsynchronously, with no version to check): the
   * checkpoint only says where a restart resumes, and what a saga handled since is handled again
   * without effect (its commands' ids derive from the events, its emails' keys too). A database
   * crash that loses the move sets the checkpoint back; the next move's compare-and-set then
   * fails and the saga resumes from the stored one (CheckpointMovedError).
   */
  async sagaMoveOnPool(em: EntityManager, name: string, from: number, to: number): Promise<void> {
    await withOrmConnection(em, (connection) =>
      Checkpoints.moveCommittingAsynchronously(clientSql(connection), name, from, to),
    );
  },

  /** As `move`, through `sql` (a connection of its own, or a batch's transaction). */
  async moveOn(sql: BatchSql, name: string, from: number, to: number): Promise<void> {
    const rows = await sql.query<{ position: string }>(MOVE, [name, to, from], MOVE_NAME);
    if (rows.length === 0) throw new CheckpointMovedError(name);
  },

  /**
   * As `move`, inside a projection batch's transaction (`sql`), and has that transaction commit without waiting
   * for its WAL flush (`synchronous_commit = off` for this transaction only, in the same
   * statement: no extra round trip). For read models only: their rows and this checkpoint commit
   * together or not at all, so a database crash that loses the last few such commits loses the
   * rows with their checkpoint, and the runner applies the same events again from the log
   * (which stays durable). See SubscriptionHandler.commitsAsynchronously.
   */
  async moveCommittingAsynchronously(
    sql: BatchSql,
    name: string,
    from: number,
    to: number,
    /** the row's version as the last move gave it: the move then needs it unchanged since */
    version: string | null = null,
  ): Promise<string> {
    const { text, values } = Checkpoints.movingAsynchronously(name, from, to, version);
    const rows = await sql.query<{ position: string; version: string }>(text, values, MOVE_ASYNC_NAME);
    if (rows.length === 0) throw new CheckpointMovedError(name);
    return rows[0].version;
  },

  /**
   * moveCommittingAsynchronously's statement, to run as the first part of a statement that also
   * writes a projection batch's rows (ProjectionRows.writeAfter): its RETURNING gives a row only
   * when the checkpoint moved, with the row's new version.
   */
  movingAsynchronously(
    name: string,
    from: number,
    to: number,
    version: string | null = null,
  ): { text: string; values: readonly unknown[] } {
    return { text: MOVE_COMMITTING_ASYNCHRONOUSLY, values: [name, to, from, version] };
  },

  async park(em: EntityManager, name: string, event: RecordedEvent, error: string, attempts: number): Promise<void> {
    await em.execute(
      `INSERT INTO subscription_parked (subscription, position, event_id, event_type, stream_id, error, attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription, event_id) DO NOTHING`,
      [name, event.position, event.eventId, event.type, event.streamId, error.slice(0, 4000), attempts],
    );
  },

  async parked(em: EntityManager, name?: string): Promise<ParkedEvent[]> {
    const rows = await em.execute<Record<string, unknown>[]>(
      `SELECT subscription, position, event_id, event_type, stream_id, error, attempts, parked_at
         FROM subscription_parked ${name ? 'WHERE subscription = ?' : ''} ORDER BY position LIMIT 1000`,
      name ? [name] : [],
    );
    return rows.map((r) => ({
      subscription: String(r.subscription),
      position: Number(r.position),
      eventId: String(r.event_id),
      eventType: String(r.event_type),
      streamId: String(r.stream_id),
      error: String(r.error),
      attempts: Number(r.attempts),
      parkedAt: new Date(r.parked_at as Date | string).toISOString(),
    }));
  },

  async countParked(em: EntityManager, name: string): Promise<number> {
    const [row] = await em.execute<{ n: string }[]>(
      'SELECT count(*) AS n FROM subscription_parked WHERE subscription = ?',
      [name],
    );
    return Number(row.n);
  },

  async reset(em: EntityManager, name: string): Promise<void> {
    await em.execute('DELETE FROM subscription_parked WHERE subscription = ?', [name]);
    await em.execute(
      `INSERT INTO subscription_checkpoints (name, position, updated_at) VALUES (?, 0, now())
       ON CONFLICT (name) DO UPDATE SET position = 0, updated_at = now()`,
      [name],
    );
  },
};
