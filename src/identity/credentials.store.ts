import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/**
 * Password hashes live here, not in the event log: auditors read the log, and a hash is a
 * secret. The log records that a password changed (UserPasswordChanged), never the hash.
 */
@Injectable()
export class CredentialsStore {
  constructor(private readonly em: EntityManager) {}

  async set(userId: string, passwordHash: string): Promise<void> {
    await this.em.fork().execute(
      `INSERT INTO user_credentials (user_id, password_hash, updated_at) VALUES (?, ?, now())
       ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = now()`,
      [userId, passwordHash],
    );
  }

  async get(userId: string): Promise<string | null> {
    const rows = await this.em.fork().execute<{ password_hash: string }[]>(
      'SELECT password_hash FROM user_credentials WHERE user_id = ?',
      [userId],
    );
    return rows[0]?.password_hash ?? null;
  }
}
