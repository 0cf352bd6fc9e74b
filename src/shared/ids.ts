import { createHash, randomUUID } from 'node:crypto';

/** The namespace of every name-based id this product derives (RFC 9562 UUID version 5). */
const ACADEMY_NAMESPACE = Buffer.from('6f1c3a4e9b2d4c1f8e7a5b3c2d1e0f9a', 'hex');

/** A UUID derived from a name: the same name always gives the same id. */
export function deriveId(...parts: string[]): string {
  const hash = createHash('sha1').update(ACADEMY_NAMESPACE).update(parts.join('\u001f')).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
