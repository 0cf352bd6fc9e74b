import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, FORWARDS, JSONType, NO_STREAM, StreamingRead, jsonEvent } from '@eventstore/db-client';
import {
  AppendedHint,
  AppendResult,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port';
import { eventHash } from '../event-hash';
import { HASH_KEY, PREV_HASH_KEY, splitMetadata, WRITE_KEY } from './esdb-metadata';
import { storedBatchAt, toEsdbStream, toPortPosition } from './esdb-mapping';

/** Where an append goes: the revision it expects and the hash of the event it follows. */
export type ChainHead = { revision: number; prevHash: string | null } | { retried: AppendResult };

/**
 * The head an append chains onto. An exact revision reads the event there; 'any' reads the
 * stream, and a batch already stored in it is a retry, answered from what is stored.
 */
export async function chainHead(
  readStream: (streamId: string, options: ReadStreamOptions) => Promise<RecordedEvent[]>,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<ChainHead> {
  if (expected === 'no_stream') return { revision: -1, prevHash: null };
  if (typeof expected === 'number') {
    const [at] = await readStream(streamId, { from: expected, limit: 1, asStored: true });
    // A missing event makes the append fail on its expected revision: the hash is never kept.
    return { revision: expected, prevHash: at?.streamPosition === expected ? (at.hash ?? null) : null };
  }
  // 'any': the server recognises a retry only right after the expected revision, and the exact
  // revision given here is the head, so a batch already stored anywhere in the stream is found here.
  const stored = await readStream(streamId, { asStored: true });
  const last = stored[stored.length - 1];
  const at = storedBatchAt(
    stored.map((e) => e.eventId),
    events.map((e) => e.eventId),
  );
  if (at >= 0) {
    return {
      retried: {
        nextExpectedRevision: last.streamPosition,
        position: stored[at + events.length - 1].position,
        written: false,
      },
    };
  }
  return last ? { revision: last.streamPosition, prevHash: last.hash ?? null } : { revision: -1, prevHash: null };
}

/**
 * Appends the events at an exact revision, each carrying its hash and the previous one's, and
 * reads the batch back. `hint` (the positions by event type) is there when this call wrote them.
 */
export async function appendChained(
  client: EventStoreDBClient,
  prefix: string,
  streamId: string,
  events: readonly NewEvent[],
  revision: number,
  prevHash: string | null,
): Promise<{ result: AppendResult; hint?: AppendedHint }> {
  // Marks this call's write: a retry the server acknowledges without writing carries another mark.
  const writeId = randomUUID();
  let prev = prevHash;
  const chained = events.map((e, i) => {
    // Hash exactly what is stored: the JSON the client sends.
    const data = JSON.parse(JSON.stringify(e.data ?? null)) as JSONType;
    const metadata = JSON.parse(JSON.stringify(e.metadata)) as Record<string, unknown>;
    const hash = eventHash(
      { streamId, streamPosition: revision + 1 + i, eventId: e.eventId, type: e.type, data, metadata },
      prev,
    );
    const extra = i === events.length - 1 ? { [WRITE_KEY]: writeId } : {};
    const stored = jsonEvent({
      id: e.eventId,
      type: e.type,
      data,
      metadata: { ...metadata, [HASH_KEY]: hash, [PREV_HASH_KEY]: prev, ...extra },
    });
    prev = hash;
    return stored;
  });
  await client.appendToStream(toEsdbStream(prefix, streamId), chained, {
    expectedRevision: revision < 0 ? NO_STREAM : BigInt(revision),
  });
  // The batch sits right after the expected revision (written now, or by the delivery the server
  // acknowledged this one as a retry of): read it back for its positions and the write mark.
  const read = client.readStream(toEsdbStream(prefix, streamId), {
    fromRevision: BigInt(revision + 1),
    direction: FORWARDS,
    maxCount: events.length,
  });
  const batch = (await collect(read)).flatMap(({ event }) => (event ? [event] : []));
  const last = batch[batch.length - 1];
  if (batch.length !== events.length || last.id !== events[events.length - 1].eventId) {
    throw new Error(`stream ${streamId}: appended events at revision ${revision + 1} not readable`);
  }
  const written = splitMetadata(last.metadata, last.id, '').writeId === writeId;
  const result = {
    nextExpectedRevision: Number(last.revision),
    position: toPortPosition(last.position, last.id),
    written,
  };
  if (!written) return { result };
  return { result, hint: Object.fromEntries(batch.map((e) => [e.type, toPortPosition(e.position, e.id)])) };
}

/** Every item of a read, in order. */
export async function collect<E>(read: StreamingRead<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of read) out.push(item);
  return out;
}
