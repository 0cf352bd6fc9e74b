import { Logger } from '@nestjs/common';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  RecordedEvent as EsdbRecordedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendedHint,
  AppendResult,
  EventStore,
  EventStoreUnavailableError,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  WrongExpectedRevisionError,
  validateAppend,
} from '../event-store.port';
import { auditFilter, splitMetadata } from './esdb-metadata';
import {
  DEFAULT_STREAM_PREFIX,
  EsdbPosition,
  fromEsdbStream,
  isOwnEvent,
  isUnavailable,
  readStartAfter,
  toEsdbStream,
  toPortPosition,
} from './esdb-mapping';
import { ownEventsFilter, readAllFiltered } from './esdb-filtered-read';
import { AppendedEvents } from './esdb-subscription';
import { appendChained, chainHead, collect } from './esdb-append';
import { Upcasters } from '../upcasting';

const READ_ALL_PAGE = 512;
const STREAM_PAGE = 1000;
/** 'any' appends are made exact (the hash chain needs the previous event): retries on a race. */
const ANY_APPEND_ATTEMPTS = 10;

export interface EventStoreDbOptions {
  /** the prefix of the app's streams on the server (default `cedar.`) */
  streamPrefix?: string;
}

export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly logger = new Logger(EventStoreDbEventStore.name);
  private readonly client: EventStoreDBClient;
  private readonly prefix: string;
  private readonly listeners = new Set<(hint?: AppendedHint) => void>();
  private readonly appended: AppendedEvents;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly upcasters: Upcasters = new Upcasters(),
    options: EventStoreDbOptions = {},
  ) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.prefix = options.streamPrefix ?? DEFAULT_STREAM_PREFIX;
    this.appended = new AppendedEvents(this.client, this.prefix, (hint) => this.notify(hint));
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    return this.guard(async () => {
      for (let attempt = 1; ; attempt++) {
        // The chain needs the stream's previous event, so the append is made at an exact revision.
        const head = await chainHead((id, o) => this.readStream(id, o), streamId, events, expectedRevision);
        if ('retried' in head) return head.retried;
        try {
          const { result, hint } = await appendChained(
            this.client,
            this.prefix,
            streamId,
            events,
            head.revision,
            head.prevHash,
          );
          if (hint) this.notify(hint);
          return result;
        } catch (err) {
          if (!(err instanceof WrongExpectedVersionError)) throw err;
          if (expectedRevision === 'any' && attempt < ANY_APPEND_ATTEMPTS) continue;
          const actual = typeof err.actualVersion === 'bigint' ? Number(err.actualVersion) : 'no_stream';
          throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
        }
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const upcast = options.upcast !== false && !options.asStored;
    const limit = options.limit ?? Infinity;
    const out: RecordedEvent[] = [];
    let from: bigint | typeof START | typeof END =
      options.from !== undefined ? BigInt(options.from) : backwards ? END : START;
    return this.guard(async () => {
      // Page by page: a long stream is read whole, however long.
      while (out.length < limit) {
        const maxCount = Math.min(STREAM_PAGE, limit - out.length);
        let page;
        try {
          page = await collect(
            this.client.readStream(toEsdbStream(this.prefix, streamId), {
              fromRevision: from,
              direction: backwards ? BACKWARDS : FORWARDS,
              maxCount,
            }),
          );
        } catch (err) {
          if (err instanceof StreamNotFoundError) return out;
          throw err;
        }
        for (const { event } of page) if (event) out.push(this.toRecorded(event, upcast));
        const last = page[page.length - 1]?.event;
        if (page.length < maxCount || !last) break;
        if (backwards && last.revision === 0n) break;
        from = backwards ? last.revision - 1n : last.revision + 1n;
      }
      return out;
    });
  }

  /** The app's own events, filtered by the server: by event type when asked for types, else by stream prefix. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (options.types && options.types.length === 0) return [];
    const matches = auditFilter(options);
    const limit = options.limit ?? 1000;
    const types = options.types ? new Set(options.types) : undefined;
    const upcast = options.upcast !== false && !options.asStored;
    const out: RecordedEvent[] = [];
    let cursor = options.after ?? 0;
    let from: 'start' | EsdbPosition = readStartAfter(options.after);
    return this.guard(async () => {
      while (out.length < limit) {
        const page = await collect(
          readAllFiltered(this.client, {
            from,
            direction: 'forwards',
            maxCount: READ_ALL_PAGE,
            filter: ownEventsFilter(this.prefix, options.types),
          }),
        );
        for (const { event } of page) {
          if (!event) continue;
          const position = toPortPosition(event.position, event.id);
          // A forward read starts at (and includes) the given position.
          if (position <= cursor) continue;
          cursor = position;
          from = event.position!;
          if (!isOwnEvent(this.prefix, event.streamId, event.type, types)) continue;
          const recorded = this.toRecorded(event, upcast);
          if (!matches(recorded)) continue;
          out.push(recorded);
          if (out.length === limit) break;
        }
        if (page.length < READ_ALL_PAGE) break;
      }
      return out;
    });
  }

  async headPosition(types?: readonly string[]): Promise<number> {
    if (types && types.length === 0) return 0;
    const wanted = types ? new Set(types) : undefined;
    let from: 'end' | EsdbPosition = 'end';
    let cursor = Infinity;
    return this.guard(async () => {
      for (;;) {
        const page = await collect(
          readAllFiltered(this.client, {
            from,
            direction: 'backwards',
            maxCount: 32,
            filter: ownEventsFilter(this.prefix, types),
          }),
        );
        for (const { event } of page) {
          if (!event) continue;
          const position = toPortPosition(event.position, event.id);
          if (position >= cursor) continue;
          cursor = position;
          from = event.position!;
          if (isOwnEvent(this.prefix, event.streamId, event.type, wanted)) return position;
        }
        if (page.length < 32) return 0;
      }
    });
  }

  /** Appends through this store call back with what they wrote; others' arrive through the subscription. */
  /** Each read goes on its own (the gRPC client has no read of several streams at once). */
  together<T>(work: () => T): T {
    return work();
  }

  onAppended(listener: (appended?: AppendedHint) => void): () => void {
    // A wrapper per registration, so registering the same function twice needs two unsubscribes.
    const entry = (hint?: AppendedHint): void => listener(hint);
    this.listeners.add(entry);
    if (!this.closed) this.appended.start();
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0) this.appended.stop();
    };
  }

  async ping(): Promise<void> {
    await this.guard(() =>
      collect(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, deadline: 5_000 })),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.appended.stop();
    await this.client.dispose();
  }

  private notify(hint?: AppendedHint): void {
    for (const listener of this.listeners) {
      try {
        listener(hint);
      } catch (err) {
        this.logger.error(`onAppended listener threw: ${String(err)}`);
      }
    }
  }

  /** Errors that mean the server is away become the port's EventStoreUnavailableError. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUnavailable(err)) throw new EventStoreUnavailableError((err as Error).message || String(err));
      throw err;
    }
  }

  private toRecorded(event: EsdbRecordedEvent, upcast = true): RecordedEvent {
    const recordedAt = event.created.toISOString();
    const { metadata, hash, prevHash } = splitMetadata(event.metadata, event.id, recordedAt);
    const recorded: RecordedEvent = {
      eventId: event.id,
      type: event.type,
      data: event.data,
      metadata,
      streamId: fromEsdbStream(this.prefix, event.streamId) ?? event.streamId,
      streamPosition: Number(event.revision),
      position: toPortPosition(event.position, event.id),
      recordedAt,
      ...(hash !== undefined ? { hash, prevHash: prevHash ?? null } : {}),
    };
    return upcast ? this.upcasters.apply(recorded) : recorded;
  }
}
