import { Logger } from '@nestjs/common';
import {
  ANY,
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
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  WrongExpectedRevisionError,
  validateAppend,
} from '../event-store.port';
import { Upcasters } from '../upcasting';

const READ_ALL_PAGE = 512;
const HEAD_PAGE = 64;
const RESUBSCRIBE_DELAY_MS = 1_000;

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
    const expected =
      expectedRevision === 'no_stream' ? NO_STREAM : expectedRevision === 'any' ? ANY : BigInt(expectedRevision);
    let nextExpectedRevision: bigint;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata })),
        { expectedRevision: expected },
      );
      nextExpectedRevision = result.nextExpectedRevision;
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) {
        const actual = typeof err.actualVersion === 'bigint' ? Number(err.actualVersion) : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
      throw err;
    }
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
      return resolved.flatMap((r) => (r.event ? [this.toRecorded(r.event)] : []));
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
  }

  // readAll in client v6 has no server-side filter, so filtering is client-side, page by page.
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
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
        out.push(this.toRecorded(event));
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

  onAppended(listener: () => void): () => void {
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

  private toRecorded(event: EsdbRecordedEvent): RecordedEvent {
    const recordedAt = event.created.toISOString();
    return this.upcasters.apply({
      eventId: event.id,
      type: event.type,
      data: event.data,
      metadata: toMetadata(event.metadata, event.id, recordedAt),
      streamId: event.streamId,
      streamPosition: Number(event.revision),
      position: globalPosition(event),
      recordedAt,
    });
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

/** Our metadata as stored; events written by other tools may lack fields, so fill safe defaults. */
function toMetadata(raw: unknown, eventId: string, recordedAt: string): EventMetadata {
  const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array);
  const m: Partial<EventMetadata> = isObject ? (raw as Partial<EventMetadata>) : {};
  return {
    correlationId: m.correlationId ?? eventId,
    causationId: m.causationId ?? null,
    actor: m.actor ?? { id: 'system', role: 'system' },
    occurredAt: m.occurredAt ?? recordedAt,
    schemaVersion: typeof m.schemaVersion === 'number' ? m.schemaVersion : 1,
  };
}
