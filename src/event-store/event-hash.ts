import { createHash } from 'node:crypto';

/**
 * Tamper evidence: every event carries a SHA-256 hash chained to the previous event of its
 * stream. The hash is taken over the text PostgreSQL gives for
 *   jsonb_build_array(stream_id, stream_position, event_id, type, data, metadata, prev_hash)
 * so es_append computes it in SQL and this module computes the very same value in JavaScript
 * (the EventStoreDB adapter at append; every verifier, online or over an export file).
 *
 * jsonb's text form: object keys ordered by byte length, then bytewise; ", " and ": " as
 * separators; numbers in plain decimal notation (no exponent); strings escaped as JSON does.
 */

export interface HashedFields {
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  /** as stored (before any upcasting) */
  data: unknown;
  metadata: unknown;
}

export function eventHash(e: HashedFields, prevHash: string | null): string {
  const text = jsonbText([e.streamId, e.streamPosition, e.eventId.toLowerCase(), e.type, e.data ?? null, e.metadata, prevHash]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The text PostgreSQL prints for a jsonb value equal to `value` (after a JSON round trip). */
export function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : jsonbText(v))).join(', ')}]`;
      const toJson = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJson === 'function') return jsonbText(toJson.call(value));
      const entries = Object.entries(value as Record<string, unknown>).filter(
        ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
      );
      entries.sort(([a], [b]) => compareKeys(a, b));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(', ')}}`;
    }
    default:
      throw new TypeError(`cannot hash a ${typeof value}`);
  }
}

function compareKeys(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

/** JSON numbers as PostgreSQL's numeric prints them: plain decimal, never an exponent. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s === '-0' ? '0' : s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}
