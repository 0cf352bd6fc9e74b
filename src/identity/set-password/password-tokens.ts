import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { COMMIT_WITHOUT_FLUSH_WAIT } from '../../database/commit-modes';

export type PasswordTokenPurpose = 'set-password' | 'reset-password';
/** A welcome link lasts a week; a reset link an hour. */
export const TOKEN_TTL_MS: Record<PasswordTokenPurpose, number> = {
  'set-password': 7 * 24 * 60 * 60 * 1000,
  'reset-password': 60 * 60 * 1000,
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Single-use, expiring set-password and reset tokens. A token derives from the server secret and what it
 * is for, so the email that carries it can be re-rendered after a redelivery with the same link;
 * only its hash is stored.
 */
@Injectable()
export class PasswordTokens {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The token for `userId`, the same for the same seed. `followedByAppend`: the caller appends an
   * event after this and, when that append does not commit, runs again with the same seed (a
   * workflow step); the row then commits without a WAL flush of its own (COMMIT_WITHOUT_FLUSH_WAIT).
   */
  async issue(
    userId: string,
    purpose: PasswordTokenPurpose,
    seed: string,
    now: Date,
    { followedByAppend = false }: { followedByAppend?: boolean } = {},
  ): Promise<string> {
    const token = createHmac('sha256', this.config.jwtSecret ?? '')
      .update(`${purpose}:${userId}:${seed}`)
      .digest('base64url');
    const em = this.em.fork();
    // A new reset link replaces the ones asked for before it.
    if (purpose === 'reset-password') {
      await em.execute(
        `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND purpose = 'reset-password' ` +
          'AND used_at IS NULL AND token_hash <> ?',
        [now, userId, sha256(token)],
      );
    }
    await em.execute(
      'INSERT INTO password_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (token_hash) DO NOTHING' +
        (followedByAppend ? ` RETURNING ${COMMIT_WITHOUT_FLUSH_WAIT} AS without_flush_wait` : ''),
      [sha256(token), userId, purpose, new Date(now.getTime() + TOKEN_TTL_MS[purpose])],
    );
    return token;
  }

  /** The token's user, once: null when unknown, used or expired. */
  async consume(token: string, now: Date): Promise<string | null> {
    const rows = await this.em
      .fork()
      .execute<{ user_id: string }[]>(
        'UPDATE password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? ' +
          'RETURNING user_id',
        [now, sha256(token), now],
      );
    return rows[0]?.user_id ?? null;
  }
}
