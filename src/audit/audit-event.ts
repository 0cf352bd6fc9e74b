import { RecordedEvent } from '../event-store/event-store.port';

/** An event as the audit surface shows it: as stored (never upcast), with its place and hashes. */
export interface AuditEvent {
  position: number;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recordedAt: string;
  hash: string | null;
  prevHash: string | null;
  /** how `hash` was computed: 1 (jsonb text) or 2 (RFC 8785 JCS), docs/audit.md §1 */
  hashScheme: number;
}

export const auditView = (e: RecordedEvent): AuditEvent => ({
  position: e.position,
  streamId: e.streamId,
  streamPosition: e.streamPosition,
  eventId: e.eventId,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt,
  hash: e.hash ?? null,
  prevHash: e.prevHash ?? null,
  hashScheme: e.hashScheme ?? 1,
});

/** The filters of the log queries and of an export. */
export interface LogFilter {
  streamId?: string;
  /** one or more event types: an event of any of them matches */
  types?: string[];
  correlationId?: string;
  actorId?: string;
  /** ISO instants, on metadata.occurredAt: from inclusive, to exclusive */
  from?: string;
  to?: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant with its offset, or null when the text is not one. */
export function parseInstant(text: string): Date | null {
  if (!INSTANT.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `A,B , C` → ['A', 'B', 'C']; null when a name is empty or malformed. */
export function parseTypes(text: string): string[] | null {
  const types = text.split(',').map((t) => t.trim());
  if (types.length > 50 || types.some((t) => !/^[A-Za-z][A-Za-z0-9_.-]{0,199}$/.test(t))) return null;
  return [...new Set(types)];
}
