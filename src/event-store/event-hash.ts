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
    else if (c >= 0xd800 && c <= 0xdbff) i += 1, (n += 2);
    else n += 2;
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
