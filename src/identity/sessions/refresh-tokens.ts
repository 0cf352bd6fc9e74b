import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../shared/ids';
import { SessionStore } from './session-store';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; refreshToken: string }
  /** a token already exchanged came back: whoever holds it, the whole family is now revoked */
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Rotating refresh tokens. Each sign-in starts a family; each refresh uses up the token it is
 * given and hands out the next one of the same family. A used token presented again means two
 * parties hold the family (one of them stole it), so every token of the family is revoked.
 * Only hashes are stored, and this table is not the event log: the tokens are secrets that
 * change on every refresh. What an audit needs (the revocation) is recorded as an event.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionStore,
  ) {}

  /** A new family (a sign-in: its session starts) or the next token of one (a refresh). */
  async issue(userId: string, now: Date, familyId?: string): Promise<{ refreshToken: string; familyId: string }> {
    if (!familyId) {
      familyId = newId();
      await this.sessions.start(familyId, userId, now);
    }
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await this.em
      .fork()
      .execute(
        `INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
        [
          sha256(refreshToken),
          familyId,
          userId,
          now,
          new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
        ],
      );
    return { refreshToken, familyId };
  }

  /** Uses up a token and gives the next of its family; a reused token revokes the family. */
  async rotate(token: string, now: Date): Promise<RefreshOutcome> {
    const em = this.em.fork();
    const hash = sha256(token);
    // One statement claims the token: of two concurrent refreshes with it, only one gets it.
    // The sign-in must still be on: an ended one gives nothing, whatever became of its tokens.
    const [claimed] = await em.execute<{ user_id: string; family_id: string }[]>(
      `UPDATE refresh_tokens SET used_at = ?
        WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
          AND EXISTS (SELECT 1 FROM auth_sessions s WHERE s.id = refresh_tokens.family_id AND s.ended_at IS NULL)
        RETURNING user_id, family_id`,
      [now, hash, now],
    );
    if (claimed) {
      const next = await this.issue(claimed.user_id, now, claimed.family_id);
      return { kind: 'rotated', userId: claimed.user_id, familyId: claimed.family_id, refreshToken: next.refreshToken };
    }
    const [known] = await em.execute<
      { user_id: string; family_id: string; used_at: Date | null; revoked_at: Date | null }[]
    >('SELECT user_id, family_id, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?', [hash]);
    if (!known || known.revoked_at || !known.used_at) return { kind: 'invalid' };
    const revoked = await this.revokeFamily(known.family_id, now);
    return revoked > 0 ? { kind: 'reused', userId: known.user_id, familyId: known.family_id } : { kind: 'invalid' };
  }

  /** Ends a sign-in (sign-out, reuse): its access tokens and every live token of its family; the number revoked. */
  async revokeFamily(familyId: string, now: Date): Promise<number> {
    await this.sessions.end(familyId, now);
    const rows = await this.em
      .fork()
      .execute<{ token_hash: string }[]>(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL RETURNING token_hash',
        [now, familyId],
      );
    return rows.length;
  }

  /** The family of a live token of this user, if it is one. */
  async familyOf(token: string, userId: string): Promise<string | null> {
    const [row] = await this.em
      .fork()
      .execute<{ family_id: string }[]>('SELECT family_id FROM refresh_tokens WHERE token_hash = ? AND user_id = ?', [
        sha256(token),
        userId,
      ]);
    return row?.family_id ?? null;
  }

  /** Ends every sign-in of a user (a password change or reset): access and refresh tokens alike. */
  async revokeUser(userId: string, now: Date): Promise<void> {
    await this.sessions.endAllOf(userId, now);
    await this.em
      .fork()
      .execute('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
  }
}
