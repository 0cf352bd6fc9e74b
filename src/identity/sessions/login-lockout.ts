import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config';

const emailKey = (email: string) => createHash('sha256').update(`login:${email.trim().toLowerCase()}`).digest('hex');

/** Failures further apart than this start the count again. */
export const FAILURE_WINDOW_MS = 60 * 60 * 1000;
/** The first lock lasts a minute; each further failure doubles it, up to an hour. */
export const FIRST_LOCK_MS = 60 * 1000;
export const MAX_LOCK_MS = 60 * 60 * 1000;

/**
 * Back-off after repeated failed sign-ins, counted per email address whether or not an account
 * has it: a locked unknown address answers exactly like a locked real one, so the lock does not
 * tell which emails exist. While locked, even the right password is refused.
 */
@Injectable()
export class LoginLockout {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Milliseconds until the address may try again; 0 when it may now. */
  async lockedFor(email: string, now: Date): Promise<number> {
    const [row] = await this.em.fork().execute<{ locked_until: Date | null }[]>(
      'SELECT locked_until FROM login_failures WHERE email_hash = ?',
      [emailKey(email)],
    );
    const until = row?.locked_until ? new Date(row.locked_until).getTime() : 0;
    return Math.max(0, until - now.getTime());
  }

  async failed(email: string, now: Date): Promise<void> {
    const threshold = this.config.loginLockoutThreshold;
    await this.em.fork().execute(
      `INSERT INTO login_failures AS f (email_hash, failures, last_failure_at, locked_until) VALUES (?, 1, ?, NULL)
       ON CONFLICT (email_hash) DO UPDATE SET
         failures = CASE WHEN f.last_failure_at < ?::timestamptz - make_interval(secs => ?) THEN 1 ELSE f.failures + 1 END,
         last_failure_at = excluded.last_failure_at`,
      [emailKey(email), now, now, FAILURE_WINDOW_MS / 1000],
    );
    await this.em.fork().execute(
      `UPDATE login_failures
          SET locked_until = ?::timestamptz + make_interval(secs => LEAST(?::float8 * power(2, failures - ?), ?::float8))
        WHERE email_hash = ? AND failures >= ?`,
      [now, FIRST_LOCK_MS / 1000, threshold, MAX_LOCK_MS / 1000, emailKey(email), threshold],
    );
  }

  async succeeded(email: string): Promise<void> {
    await this.em.fork().execute('DELETE FROM login_failures WHERE email_hash = ?', [emailKey(email)]);
  }
}
