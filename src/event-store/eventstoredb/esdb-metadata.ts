import { EventMetadata, ReadAllOptions, RecordedEvent } from '../event-store.port';

/** Metadata keys the adapter adds for tamper evidence; the hash covers the metadata without them. */
export const HASH_KEY = 'hash';
export const PREV_HASH_KEY = 'prevHash';
/** Marks the last event of an append with that call's id: tells a write from an acknowledged retry. Not hashed. */
export const WRITE_KEY = 'writeId';

/** The audit filters a PostgreSQL query applies in SQL, applied here to each event read. */
export function auditFilter(o: ReadAllOptions): (e: RecordedEvent) => boolean {
  const from = o.occurredFrom !== undefined ? Date.parse(o.occurredFrom) : undefined;
  const before = o.occurredBefore !== undefined ? Date.parse(o.occurredBefore) : undefined;
  return (e) =>
    (o.streamId === undefined || e.streamId === o.streamId) &&
    (o.correlationId === undefined || e.metadata.correlationId === o.correlationId) &&
    (o.actorId === undefined || e.metadata.actor.id === o.actorId) &&
    (from === undefined || Date.parse(e.metadata.occurredAt) >= from) &&
    (before === undefined || Date.parse(e.metadata.occurredAt) < before);
}

/** The stored metadata without the adapter's keys (what the hash covers), and those keys. */
export function splitMetadata(
  raw: unknown,
  eventId: string,
  recordedAt: string,
): { metadata: EventMetadata; hash?: string; prevHash?: string | null; writeId?: string } {
  const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array);
  if (!isObject) return { metadata: toMetadata(raw, eventId, recordedAt) };
  const {
    [HASH_KEY]: hash,
    [PREV_HASH_KEY]: prevHash,
    [WRITE_KEY]: writeId,
    ...stored
  } = raw as Record<string, unknown>;
  return {
    // Keep every stored key (the hash covers them all); fill defaults only where one is missing.
    metadata: { ...toMetadata(stored, eventId, recordedAt), ...stored } as EventMetadata,
    ...(typeof hash === 'string' ? { hash, prevHash: typeof prevHash === 'string' ? prevHash : null } : {}),
    ...(typeof writeId === 'string' ? { writeId } : {}),
  };
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
