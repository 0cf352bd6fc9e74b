import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, invalid, rejected } from '../domain-error';
import { RequestContexts } from '../request-context';

/** Stripe's own limit on an idempotency key. */
export const MAX_CLIENT_IDEMPOTENCY_KEY_LENGTH = 255;

/** JSON with object keys sorted, so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A client's Idempotency-Key makes a retried request the same command, which returns the first
 * result. Like Stripe, a key is bound to the request it was first used with (its route and body,
 * per caller): the same key with another request is refused with 422 rather than silently
 * answering the first one. A request refused by a business rule (nothing recorded) frees its key.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(private readonly em: EntityManager) {}

  async run<T>(key: string | undefined, route: string, body: unknown, action: () => Promise<T>): Promise<T> {
    if (key === undefined) return action();
    if (!key.trim() || key.length > MAX_CLIENT_IDEMPOTENCY_KEY_LENGTH) {
      throw invalid(
        'IDEMPOTENCY_KEY_INVALID',
        `Idempotency-Key must be 1 to ${MAX_CLIENT_IDEMPOTENCY_KEY_LENGTH} characters`,
      );
    }
    const actorId = RequestContexts.currentOrSystem().actor.id;
    const hash = createHash('sha256').update(canonical({ route, body })).digest('hex');
    const em = this.em.fork();
    const claimed = await em.execute<unknown[]>(
      'INSERT INTO idempotency_keys (actor_id, idempotency_key, route, request_hash) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT DO NOTHING RETURNING 1',
      [actorId, key, route, hash],
    );
    if (!claimed.length) {
      const [first] = await em.execute<{ request_hash: string }[]>(
        'SELECT request_hash FROM idempotency_keys WHERE actor_id = ? AND idempotency_key = ?',
        [actorId, key],
      );
      if (first && first.request_hash !== hash) {
        throw rejected(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency-Key "${key}" was already used with a different request; ` +
            `it can only be repeated with the same one. Use a new key for a new request.`,
          { idempotencyKey: key },
        );
      }
    }
    try {
      return await action();
    } catch (error) {
      if (claimed.length && error instanceof DomainError) {
        await em.execute(
          'DELETE FROM idempotency_keys WHERE actor_id = ? AND idempotency_key = ? AND request_hash = ?',
          [actorId, key, hash],
        );
      }
      throw error;
    }
  }
}
