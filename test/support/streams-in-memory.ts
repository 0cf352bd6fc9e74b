import { NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';

/** The store's contract as far as the executor uses it: expected revisions, idempotent event ids. */
export class StreamsInMemory {
  readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0;

  /** Reads go one by one here. */
  together<T>(work: () => T): T {
    return work();
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return Promise.resolve([...(this.streams.get(streamId) ?? [])]);
  }

  append(streamId: string, events: readonly NewEvent[], expected: number | 'no_stream' | 'any') {
    const stream = this.streams.get(streamId) ?? [];
    if (events.every((e) => stream.some((r) => r.eventId === e.eventId))) {
      return Promise.resolve({ nextExpectedRevision: stream.length - 1, position: this.position, written: false });
    }
    const revision = stream.length - 1;
    if (expected !== 'any' && (expected === 'no_stream' ? stream.length > 0 : expected !== revision)) {
      return Promise.reject(new WrongExpectedRevisionError(streamId, expected, revision));
    }
    for (const e of events) {
      stream.push({ ...e, streamId, streamPosition: stream.length, position: ++this.position } as RecordedEvent);
    }
    this.streams.set(streamId, stream);
    return Promise.resolve({ nextExpectedRevision: stream.length - 1, position: this.position, written: true });
  }
}
