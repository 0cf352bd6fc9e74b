import { ClientConfig, Pool, PoolClient } from 'pg';
import { prepared } from '../../database/prepared-statements';
import {
  AppendedHint,
  appendedHint,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  validateAppend,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { Upcasters } from '../upcasting';
import { AppendBatcher, expectedText, payloadOf, refusal } from './append-batcher';
import { AppendNotifier } from './append-notifier';
import { appendStatement, hintOffsets } from './append-statements';
import { SubjectTie, tiedOf, TiedAppendResult } from './subject-ties';
import { EventRow, SELECT_COLUMNS, StreamReads } from './stream-reads';

/** Raised by es_append() when an older transaction meets a stream's newer append (see migrations). */
const SQLSTATE_STREAM_ORDER = 'CH003';
/** Appends on the pool retried when an older transaction met a stream's newer append (CH003). */
const STREAM_ORDER_ATTEMPTS = 5;
const SQLSTATE_UNIQUE_VIOLATION = '23505';

type Queryable = Pool | PoolClient;

/** Readers of the global log read below the oldest transaction still in flight (see PostgresEventStore). */
const READABLE = '(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)';

/** The log's events of types $3 after position $1, at most $2: a subscription's read. */
const READ_LOG_BY_TYPES = `SELECT ${SELECT_COLUMNS} FROM es_events
  WHERE position > $1 AND position < ${READABLE} AND type = ANY($3::text[])
  ORDER BY position LIMIT $2`;

/**
 * How far behind the newest position this store has seen a read of the log by type may start and
 * still run as a named statement: 256 transactions. Its kept plan walks the position index from
 * there, reading every event up to the log's end; a read from further back is planned for its
 * values (for a rare type, along the (type, position) index). See readAll.
 */
const NEAR_HEAD = 256 * 2 ** 16;

/**
 * The PostgreSQL event store.
 *
 * Global positions are derived from the appending transaction's id:
 * `position = xid << 16 | offset-in-transaction` (see es_append in the migrations). Readers of
 * the global log only read below the oldest transaction still in flight
 * (`pg_snapshot_xmin(pg_current_snapshot())`), so an event whose transaction commits late can
 * never be overtaken: everything at a lower position is finished before anything above it is
 * handed out, and a later transaction always gets a higher xid than the current xmin.
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres' as const;
  private readonly batcher: AppendBatcher;
  private readonly notifier: AppendNotifier;
  /**
   * The highest global position this store has appended or been told of (its own appends, other
   * processes' through NOTIFY, the log's head when asked): close to the log's end. Not what its
   * reads returned: a read of rare types ends far behind the log's end. 0 while it knows none.
   */
  private knownHead = 0;
  /** reads of streams: alone, or those a piece of work asks for together in one statement */
  private readonly streams: StreamReads;

  constructor(
    private readonly pool: Pool,
    private readonly upcasters: Upcasters = new Upcasters(),
    /** connection settings for the LISTEN connection (cross-process wake-ups); omit to rely on polling */
    listenConfig?: ClientConfig,
  ) {
    this.notifier = new AppendNotifier(pool, listenConfig);
    this.streams = new StreamReads(pool);
    this.batcher = new AppendBatcher(
      pool,
      (a) => this.appendOn(this.pool, a.streamId, a.events, a.expectedRevision, a.ties),
      (events, lastPosition) => this.wakeListeners(appendedHint(events, lastPosition)),
    );
  }

  /** Appends on the pool; appends arriving while others are in flight go together (see AppendBatcher). */
  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appendTying(streamId, events, expectedRevision, []);
  }

  /**
   * Appends on the pool as append() does, and writes the subjects' ties to their families in the
   * same transaction (see SubjectTie): one round trip, one commit, the ties durable with the events.
   */
  appendTying(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
    ties: readonly SubjectTie[],
  ): Promise<TiedAppendResult> {
    return this.batcher.append(streamId, events, expectedRevision, ties);
  }

  /**
   * Appends inside a transaction the caller holds open on `client`. The events become readable
   * in the global log only after that transaction commits. Their positions come from that
   * transaction's id: a transaction that wrote to another stream earlier could place events
   * before ones of an append that committed meanwhile, so keep such transactions short.
   */
  async appendOn(
    db: Queryable,
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
    ties: readonly SubjectTie[] = [],
  ): Promise<TiedAppendResult> {
    validateAppend(streamId, events, expectedRevision);
    const payload = JSON.stringify(payloadOf(events));
    const expected = expectedText(expectedRevision);
    for (let attempt = 0; ; attempt++) {
      try {
        // On the pool the statement is its own transaction: after a quiet moment it carries the
        // NOTIFY too, heard once it commits, instead of a second round trip after it.
        const offsets = db === this.pool ? hintOffsets(events) : null;
        // (each position in the hint takes up to 20 characters more than its offset)
        const notified = offsets !== null && this.notifier.claimNotify(offsets.length + 20 * events.length);
        const { rows } = await db.query<{
          next_revision: string;
          last_position: string;
          written: boolean;
          tied?: string[] | null;
        }>(appendStatement(streamId, expected, payload, notified ? offsets : null, ties));
        const r = rows[0];
        this.sawPosition(Number(r.last_position));
        if (r.written) this.notifier.appended(appendedHint(events, Number(r.last_position)), notified);
        return {
          nextExpectedRevision: Number(r.next_revision),
          position: Number(r.last_position),
          written: r.written,
          ...(ties.length > 0 && { tied: tiedOf(ties, r.tied ?? null) }),
        };
      } catch (err) {
        const e = err as { code?: string; detail?: string; constraint?: string; message: string };
        const refused = refusal(e.code, e.detail, e.message, streamId, expectedRevision);
        if (refused) throw refused;
        // Our transaction is numbered before the one that wrote the stream's last event: on the
        // pool a new transaction gets a newer number; a caller's transaction must start again.
        if (e.code === SQLSTATE_STREAM_ORDER) {
          if (db === this.pool && attempt < STREAM_ORDER_ATTEMPTS) continue;
          throw new WrongExpectedRevisionError(streamId, expectedRevision, Number(e.detail));
        }
        // A concurrent identical append committed between our check and our insert: run the
        // check again, which now sees it as a retry.
        if (
          e.code === SQLSTATE_UNIQUE_VIOLATION &&
          e.constraint === 'es_events_event_id_key' &&
          attempt === 0 &&
          db === this.pool
        ) {
          continue;
        }
        throw err;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.streams.read(streamId, options);
    return rows.map((r) => this.toRecorded(r, options.upcast !== false && !options.asStored));
  }

  /** The forward stream reads `work` asks for before it first waits go in one statement (see StreamReads). */
  together<T>(work: () => T): T {
    return this.streams.together(work);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? 1000;
    if (options.types && options.types.length === 0) return [];
    const upcast = options.upcast !== false && !options.asStored;
    const params: unknown[] = [after, limit];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (isSubscriptionRead(options) && this.knownHead > 0 && after >= this.knownHead - NEAR_HEAD) {
      // Named: parsed once per connection, and planned once. Its kept plan (the position index,
      // filtered by type) reads the events between `after` and the log's end, which is cheap
      // only because `after` is near the end: further back the store plans each read below.
      const { rows } = await this.pool.query<EventRow>(prepared(READ_LOG_BY_TYPES, [after, limit, options.types]));
      return rows.map((r) => this.toRecorded(r, upcast));
    }
    if (options.types) where.push(`type = ANY(${param(options.types)}::text[])`);
    if (options.streamId !== undefined) where.push(`stream_id = ${param(options.streamId)}`);
    if (options.correlationId !== undefined) where.push(`metadata->>'correlationId' = ${param(options.correlationId)}`);
    if (options.actorId !== undefined) where.push(`metadata->'actor'->>'id' = ${param(options.actorId)}`);
    if (options.occurredFrom !== undefined) where.push(`metadata->>'occurredAt' >= ${param(options.occurredFrom)}`);
    if (options.occurredBefore !== undefined) where.push(`metadata->>'occurredAt' < ${param(options.occurredBefore)}`);
    // Unnamed: planned for its values each time. Which index serves a read depends on them: from
    // near the log's end, the position index; for a rare type from far behind, the (type,
    // position) one. A plan kept for one would read the whole log between for the other.
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${SELECT_COLUMNS} FROM es_events
        WHERE position > $1
          AND position < ${READABLE}
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY position LIMIT $2`,
      params,
    );
    return rows.map((r) => this.toRecorded(r, upcast));
  }

  async headPosition(types?: readonly string[]): Promise<number> {
    if (types && types.length === 0) return 0;
    const filtered = !!types;
    const { rows } = await this.pool.query<{ head: string | null }>(
      `SELECT max(position) AS head FROM es_events ${filtered ? 'WHERE type = ANY($1::text[])' : ''}`,
      filtered ? [types] : [],
    );
    const head = Number(rows[0].head ?? 0);
    if (!filtered) this.sawPosition(head);
    return head;
  }

  onAppended(listener: (appended?: AppendedHint) => void): () => void {
    return this.notifier.onAppended((appended) => {
      if (appended) for (const position of Object.values(appended)) this.sawPosition(position);
      listener(appended);
    });
  }

  private sawPosition(position: number): void {
    if (position > this.knownHead) this.knownHead = position;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM es_streams LIMIT 1');
  }

  close(): Promise<void> {
    return this.notifier.close();
  }

  private toRecorded(r: EventRow, upcast = true): RecordedEvent {
    const event: RecordedEvent = {
      eventId: r.event_id,
      type: r.type,
      data: r.data,
      metadata: r.metadata,
      streamId: r.stream_id,
      streamPosition: Number(r.stream_position),
      position: Number(r.position),
      recordedAt: r.recorded_at.toISOString(),
      hash: r.hash,
      prevHash: r.prev_hash,
      hashScheme: r.hash_scheme,
    };
    return upcast ? this.upcasters.apply(event) : event;
  }

  /** Wakes this process's readers at once, other processes through NOTIFY (see AppendNotifier). */
  private wakeListeners(hint: AppendedHint): void {
    for (const position of Object.values(hint)) this.sawPosition(position);
    this.notifier.appended(hint);
  }
}

/** A read of the log by type alone (what a subscription runs), no other filter. */
function isSubscriptionRead(options: ReadAllOptions): options is ReadAllOptions & { types: readonly string[] } {
  return (
    options.types !== undefined &&
    options.streamId === undefined &&
    options.correlationId === undefined &&
    options.actorId === undefined &&
    options.occurredFrom === undefined &&
    options.occurredBefore === undefined
  );
}
