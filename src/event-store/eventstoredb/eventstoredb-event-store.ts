import { Logger } from '@nestjs/common';
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  JSONType,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  START,
  StreamNotFoundError,
  StreamingRead,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import {
  AppendedHint,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  WrongExpectedRevisionError,
  validateAppend,
} from '../event-store.port';
import { eventHash } from '../event-hash';
import { auditFilter, HASH_KEY, PREV_HASH_KEY, splitMetadata } from './esdb-metadata';
import { Upcasters } from '../upcasting';

const READ_ALL_PAGE = 512;
const HEAD_PAGE = 64;
const RESUBSCRIBE_DELAY_MS = 1_000;
/** 'any' appends are made exact (the hash chain needs the previous event): retries on a race. */
const ANY_APPEND_ATTEMPTS = 10;


export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly logger = new Logger(EventStoreDbEventStore.name);
  private readonly client: EventStoreDBClient;
  private readonly typePrefixes: readonly string[] | undefined;
  private readonly listeners = new Set<() => void>();
  private subscription: AllStreamSubscription | undefined;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly upcasters: Upcasters = new Upcasters(),
    options?: { typePrefixFilter?: readonly string[] },
  ) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.typePrefixes = options?.typePrefixFilter?.length ? options.typePrefixFilter : undefined;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    for (let attempt = 1; ; attempt++) {
      // The chain needs the stream's previous event, so the append is made at an exact revision.
      const head = await this.chainHead(streamId, events, expectedRevision);
      if ('retried' in head) return head.retried;
      try {
        return await this.appendChained(streamId, events, head.revision, head.prevHash);
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) {
          if (expectedRevision === 'any' && attempt < ANY_APPEND_ATTEMPTS) continue;
          const actual = typeof err.actualVersion === 'bigint' ? Number(err.actualVersion) : 'no_stream';
          throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
        }
        throw err;
      }
    }
  }

  /** Where the append goes: the revision it expects and the hash of the event it follows. */
  private async chainHead(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<{ revision: number; prevHash: string | null } | { retried: AppendResult }> {
    if (expected === 'no_stream') return { revision: -1, prevHash: null };
    if (typeof expected === 'number') {
      const [at] = await this.readStream(streamId, { from: expected, limit: 1, asStored: true });
      // A missing event makes the append fail on its expected revision: the hash is never kept.
      return { revision: expected, prevHash: at?.streamPosition === expected ? (at.hash ?? null) : null };
    }
    const tail = (await this.readStream(streamId, { direction: 'backwards', limit: events.length, asStored: true })).reverse();
    const last = tail[tail.length - 1];
    if (!last) return { revision: -1, prevHash: null };
    // ESDB's own idempotency only covers exact revisions: spot a retried 'any' append here.
    if (tail.length === events.length && tail.every((e, i) => e.eventId === events[i].eventId)) {
      return { retried: { nextExpectedRevision: last.streamPosition, position: last.position, written: false } };
    }
    return { revision: last.streamPosition, prevHash: last.hash ?? null };
  }

  private async appendChained(
    streamId: string,
    events: readonly NewEvent[],
    revision: number,
    prevHash: string | null,
  ): Promise<AppendResult> {
    let prev = prevHash;
    const chained = events.map((e, i) => {
      // Hash exactly what is stored: the JSON the client sends.
      const data = JSON.parse(JSON.stringify(e.data ?? null)) as JSONType;
      const metadata = JSON.parse(JSON.stringify(e.metadata)) as Record<string, unknown>;
      const hash = eventHash({ streamId, streamPosition: revision + 1 + i, eventId: e.eventId, type: e.type, data, metadata }, prev);
      const stored = jsonEvent({ id: e.eventId, type: e.type, data, metadata: { ...metadata, [HASH_KEY]: hash, [PREV_HASH_KEY]: prev } });
      prev = hash;
      return stored;
    });
    const result = await this.client.appendToStream(streamId, chained, {
      expectedRevision: revision < 0 ? NO_STREAM : BigInt(revision),
    });
    const nextExpectedRevision = result.nextExpectedRevision;
    // The append result's position is optional (absent on idempotent retries) and not documented to be
    // the last event's in a multi-event append, so read that event back by its revision.
    const [last] = await collect(
      this.client.readStream(streamId, { fromRevision: nextExpectedRevision, direction: BACKWARDS, maxCount: 1 }),
    );
    if (!last?.event) {
      throw new Error(`stream ${streamId}: appended event at revision ${nextExpectedRevision} not readable`);
    }
    return {
      nextExpectedRevision: Number(nextExpectedRevision),
      position: globalPosition(last.event),
      // ESDB does not report whether an append was an idempotent retry.
      written: true,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const fromRevision = options.from !== undefined ? BigInt(options.from) : backwards ? END : START;
    try {
      const resolved = await collect(
        this.client.readStream(streamId, {
          fromRevision,
          direction: backwards ? BACKWARDS : FORWARDS,
          maxCount: options.limit ?? 10_000,
        }),
      );
      return resolved.flatMap((r) => (r.event ? [this.toRecorded(r.event, options.upcast !== false && !options.asStored)] : []));
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
  }

  // readAll in client v6 has no server-side filter, so filtering is client-side, page by page.
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const matches = auditFilter(options);
    const limit = options.limit ?? 1000;
    if (options.types && options.types.length === 0) return [];
    const types = options.types ? new Set(options.types) : undefined;
    const out: RecordedEvent[] = [];
    let cursor = options.after ?? -1;
    let from: ReadPosition =
      options.after === undefined ? START : { commit: BigInt(options.after), prepare: BigInt(options.after) };
    while (out.length < limit) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: READ_ALL_PAGE }),
      );
      for (const { event } of page) {
        if (!event) continue;
        const position = globalPosition(event);
        // A forward read starts at (and includes) the given position.
        if (position <= cursor) continue;
        cursor = position;
        from = event.position;
        if (!this.isOurs(event.type) || (types && !types.has(event.type))) continue;
        const recorded = this.toRecorded(event, options.upcast !== false && !options.asStored);
        if (!matches(recorded)) continue;
        out.push(recorded);
        if (out.length === limit) break;
      }
      if (page.length < READ_ALL_PAGE) break;
    }
    return out;
  }

  async headPosition(types?: readonly string[]): Promise<number> {
    if (types && types.length === 0) return 0;
    const wanted = types ? new Set(types) : null;
    let from: ReadPosition = END;
    let cursor = Infinity;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: HEAD_PAGE }),
      );
      for (const { event } of page) {
        if (!event) continue;
        const position = globalPosition(event);
        if (position >= cursor) continue;
        cursor = position;
        from = event.position;
        if (this.isOurs(event.type) && (!wanted || wanted.has(event.type))) return position;
      }
      if (page.length < HEAD_PAGE) return 0;
    }
  }

  /** Listeners get no hint: which events arrived is left to their reads. */
  onAppended(listener: (appended?: AppendedHint) => void): () => void {
    // A wrapper per registration, so registering the same function twice needs two unsubscribes.
    const entry = (): void => listener();
    this.listeners.add(entry);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0) this.stopSubscription();
    };
  }

  async ping(): Promise<void> {
    await collect(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, deadline: 5_000 }));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stopSubscription();
    await this.client.dispose();
  }

  private ensureSubscribed(): void {
    if (this.subscription || this.closed || this.listeners.size === 0) return;
    const filter = this.typePrefixes ? eventTypeFilter({ prefixes: [...this.typePrefixes] }) : excludeSystemEvents();
    const sub = this.client.subscribeToAll({ fromPosition: END, filter });
    this.subscription = sub;
    sub.on('data', () => this.notify());
    const dropped = (err?: Error): void => {
      if (this.subscription !== sub) return; // stopped on purpose
      this.subscription = undefined;
      this.logger.warn(`$all subscription dropped${err ? `: ${err.message}` : ''}; resubscribing`);
      // Events may have been missed while down; a spurious call is allowed, a lost one is not.
      this.notify();
      setTimeout(() => this.ensureSubscribed(), RESUBSCRIBE_DELAY_MS).unref();
    };
    sub.on('error', dropped);
    sub.on('end', () => dropped());
  }

  private stopSubscription(): void {
    const sub = this.subscription;
    if (!sub) return;
    this.subscription = undefined;
    sub.unsubscribe().catch((err: unknown) => this.logger.warn(`unsubscribe from $all failed: ${String(err)}`));
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (err) {
        this.logger.error(`onAppended listener threw: ${String(err)}`);
      }
    }
  }

  private isOurs(type: string): boolean {
    if (type.startsWith('$')) return false;
    return !this.typePrefixes || this.typePrefixes.some((p) => type.startsWith(p));
  }

  private toRecorded(event: EsdbRecordedEvent, upcast = true): RecordedEvent {
    const recordedAt = event.created.toISOString();
    const { metadata, hash, prevHash } = splitMetadata(event.metadata, event.id, recordedAt);
    const recorded: RecordedEvent = {
      eventId: event.id,
      type: event.type,
      data: event.data,
      metadata,
      streamId: event.streamId,
      streamPosition: Number(event.revision),
      position: globalPosition(event),
      recordedAt,
      ...(hash !== undefined ? { hash, prevHash: prevHash ?? null } : {}),
    };
    return upcast ? this.upcasters.apply(recorded) : recorded;
  }
}

async function collect<E>(read: StreamingRead<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of read) out.push(item);
  return out;
}

function globalPosition(event: { id: string; position?: Position }): number {
  // Stream reads only carry positions from EventStoreDB 22.6 on.
  if (!event.position) throw new Error(`event ${event.id} has no $all position (EventStoreDB >= 22.6 required)`);
  const prepare = event.position.prepare;
  if (prepare > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`event ${event.id}: position ${prepare} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(prepare);
}
