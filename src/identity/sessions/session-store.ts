import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../database/select-rows';

/**
 * Which sign-ins are still on (auth_sessions). A sign-in's id is its refresh-token family and
 * the `sid` of its access tokens. The table is shared by every instance and survives restarts;
 * the auth guard asks it on every request (one primary-key lookup), so ending a sign-in refuses
 * its access tokens at once, everywhere, not when they expire.
 */
@Injectable()
export class SessionStore {
  constructor(private readonly em: EntityManager) {}

  async start(sessionId: string, userId: string, now: Date): Promise<void> {
    await this.em
      .fork()
      .execute('INSERT INTO auth_sessions (id, user_id, started_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [
        sessionId,
        userId,
        now,
      ]);
  }

  /** True while the sign-in is on and belongs to this user. */
  async isActive(sessionId: string, userId: string): Promise<boolean> {
    // On every authenticated request: one named statement through the driver.
    const rows = await queryRows<{ ok: number }>(
      this.em,
      'SELECT 1 AS ok FROM auth_sessions WHERE id = ? AND user_id = ? AND ended_at IS NULL',
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  async end(sessionId: string, now: Date): Promise<void> {
    await this.em
      .fork()
      .execute('UPDATE auth_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [now, sessionId]);
  }

  /** Ends every sign-in of a user (a password change or reset, a forgotten family). */
  async endAllOf(userId: string, now: Date): Promise<void> {
    await this.em
      .fork()
      .execute('UPDATE auth_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL', [now, userId]);
  }
}
