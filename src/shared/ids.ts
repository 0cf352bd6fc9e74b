import { hash, randomUUID } from 'node:crypto';

/** The namespace of every name-based id this product derives (RFC 9562 UUID version 5). */
const ACADEMY_NAMESPACE = Buffer.from('6f1c3a4e9b2d4c1f8e7a5b3c2d1e0f9a', 'hex');

/** A UUID derived from a name: the same name always gives the same id. */
export function deriveId(...parts: string[]): string {
  // (one-shot hashing: a workflow step derives dozens of ids, and a Hash object each cost twice as much)
  const h = hash('sha1', Buffer.concat([ACADEMY_NAMESPACE, Buffer.from(parts.join('\u001f'))]), 'hex');
  // version 5 in the 13th digit, the RFC variant (10xx) in the 17th
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
