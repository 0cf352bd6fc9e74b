import { createHash } from 'node:crypto';

/**
 * Tamper evidence: every event carries a SHA-256 hash chained to the previous event of its
 * stream, over the array
 *   [stream_id, stream_position, event_id, type, data, metadata, prev_hash]
 * written as text by one of two schemes (the event's `hashScheme`; docs/audit.md §1):
 *
 * - scheme 2, every event the PostgreSQL store appends now: RFC 8785 (JCS) canonical JSON. The
 *   store sends the JCS text of [data, metadata] and es_append assembles the array around it.
 * - scheme 1, events stored before, and the EventStoreDB adapter's: the text PostgreSQL prints
 *   for the jsonb value of the array (keys ordered by byte length, then bytewise; ", " and ": "
 *   as separators; numbers in plain decimal notation, no exponent).
 */

export const HASH_SCHEMES = [1, 2] as const;
export type HashScheme = (typeof HASH_SCHEMES)[number];
/** The scheme the PostgreSQL store writes. */
export const CURRENT_HASH_SCHEME: HashScheme = 2;

export interface HashedFields {
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  /** as stored (before any upcasting) */
  data: unknown;
  metadata: unknown;
  /** absent: scheme 1 */
  hashScheme?: number;
}

export function eventHash(e: HashedFields, prevHash: string | null): string {
  const fields = [e.streamId, e.streamPosition, e.eventId.toLowerCase(), e.type, e.data ?? null, e.metadata, prevHash];
  const text = (e.hashScheme ?? 1) === 2 ? jcsText(fields) : jsonbText(fields);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the PostgreSQL store sends for scheme 2: the JCS text of [data, metadata], without the brackets. */
export function jcsDataAndMetadata(data: unknown, metadata: unknown): string {
  return jcsText([data ?? null, metadata]).slice(1, -1);
}

/**
 * RFC 8785 canonical JSON of a value as JSON.stringify sees it: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings as ECMAScript writes them; undefined members
 * and functions left out (null in arrays), toJSON() called, non-finite numbers as null.
 */
export function jcsText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      const toJson = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJson === 'function') return jcsText(toJson.call(value));
      if (Array.isArray(value)) {
        const absent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
        return `[${value.map((v: unknown) => (absent(v) ? 'null' : jcsText(v))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      for (const k of Object.keys(record).sort()) {
        const v = record[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${jcsText(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot hash a ${typeof value}`);
  }
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
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          const v: unknown = value[i];
          out += (i ? ', ' : '') + (v === undefined || typeof v === 'function' ? 'null' : jsonbText(v));
        }
        return `${out}]`;
      }
      const toJson = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJson === 'function') return jsonbText(toJson.call(value));
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(compareKeys);
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        out += `${first ? '' : ', '}${JSON.stringify(k)}: ${jsonbText(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot hash a ${typeof value}`);
  }
}

function compareKeys(a: string, b: string): number {
  const byLength = utf8Length(a) - utf8Length(b);
  if (byLength !== 0) return byLength;
  // UTF-8 byte order is code point order; UTF-16 order only differs around surrogate pairs.
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

const SURROGATE = /[\ud800-\udfff]/;

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      i += 1;
      n += 2;
    } else n += 2;
  }
  return n;
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
