import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/**
 * Password hashes live here, not in the event log: auditors read the log, and a hash is a
 * secret. The log records that a password changed (UserPasswordChanged), never the hash.
 */
@Injectable()
export class CredentialsStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * Sets the password, however it is set (a link, a change, the office): every set-password or
   * reset link still open for the account dies with it, so an older link cannot replace it.
   */
  async set(userId: string, passwordHash: string): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      await tx.execute(
        `INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?, ?, now())
         ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = now()`,
        [userId, passwordHash],
      );
      await tx.execute('UPDATE password_tokens SET used_at = now() WHERE user_id = ? AND used_at IS NULL', [userId]);
    });
  }

  async get(userId: string): Promise<string | null> {
    const rows = await this.em
      .fork()
      .execute<{ password_hash: string }[]>('SELECT password_hash FROM user_credentials WHERE user_id = ?', [userId]);
    return rows[0]?.password_hash ?? null;
  }
}
