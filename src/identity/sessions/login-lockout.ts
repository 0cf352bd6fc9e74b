import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config';

const normal = (email: string) => email.trim().toLowerCase();
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** The lock: one email from one client address. */
const pairKey = (email: string, client: string) => hash(`login:${normal(email)}|${client}`);
/** The slow-down: one email from anywhere. */
const emailKey = (email: string) => hash(`login-email:${normal(email)}`);

/** Failures further apart than this start the count again. */
export const FAILURE_WINDOW_MS = 60 * 60 * 1000;
/** The first lock lasts a minute; each further failure doubles it, up to an hour. */
export const FIRST_LOCK_MS = 60 * 1000;
export const MAX_LOCK_MS = 60 * 60 * 1000;
/** Past the threshold an email's answers wait this long, doubling per further failure, up to LOGIN_SLOWDOWN_MAX_MS. */
export const FIRST_SLOW_DOWN_MS = 250;

export interface LoginBrake {
  /** ms until this client may try this email again (429 until then); 0 when it may now */
  lockedForMs: number;
  /** ms every answer about this email waits, from any client: it slows guessing, it never refuses */
  slowDownMs: number;
}

/** The slow-down of an email that failed `failures` times lately. Pure. */
export function slowDownFor(failures: number, threshold: number, maxMs: number): number {
  if (failures < threshold) return 0;
  return Math.min(FIRST_SLOW_DOWN_MS * 2 ** Math.min(failures - threshold, 16), maxMs);
}

/**
 * Back-off after repeated failed sign-ins, counted whether or not an account has the email (an
 * unknown address answers exactly like a real one, so the back-off does not tell which exist),
 * in PostgreSQL so every instance sees the same counts.
 *
 * The lock holds one email *from one client address*: while it lasts even the right password
 * is refused there, but someone failing with an email elsewhere cannot lock its owner out.
 * Across clients the email is only slowed: past the threshold every answer about it waits a
 * little (doubling, up to LOGIN_SLOWDOWN_MAX_MS, 2 s by default), so guessing from many
 * addresses is slow, and the owner still gets in.
 */
@Injectable()
export class LoginLockout {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async brake(email: string, client: string, now: Date): Promise<LoginBrake> {
    const rows = await this.em
      .fork()
      .execute<{ key_hash: string; failures: number; last_failure_at: Date; locked_until: Date | null }[]>(
        'SELECT key_hash, failures, last_failure_at, locked_until FROM login_failures WHERE key_hash IN (?, ?)',
        [pairKey(email, client), emailKey(email)],
      );
    const pair = rows.find((r) => r.key_hash === pairKey(email, client));
    const all = rows.find((r) => r.key_hash === emailKey(email));
    const until = pair?.locked_until ? new Date(pair.locked_until).getTime() : 0;
    const recent =
      all && new Date(all.last_failure_at).getTime() >= now.getTime() - FAILURE_WINDOW_MS ? all.failures : 0;
    return {
      lockedForMs: Math.max(0, until - now.getTime()),
      slowDownMs: slowDownFor(recent, this.config.loginLockoutThreshold, this.config.loginSlowDownMaxMs),
    };
  }

  async failed(email: string, client: string, now: Date): Promise<void> {
    const threshold = this.config.loginLockoutThreshold;
    const em = this.em.fork();
    for (const key of [pairKey(email, client), emailKey(email)]) {
      await em.execute(
        `INSERT INTO login_failures AS f (key_hash, failures, last_failure_at, locked_until) VALUES (?, 1, ?, NULL)
         ON CONFLICT (key_hash) DO UPDATE SET
           failures = CASE WHEN f.last_failure_at < ?::timestamptz - make_interval(secs => ?) THEN 1
                           ELSE f.failures + 1 END,
           last_failure_at = excluded.last_failure_at`,
        [key, now, now, FAILURE_WINDOW_MS / 1000],
      );
    }
    // Only the email-and-client pair is ever locked.
    await em.execute(
      `UPDATE login_failures
          SET locked_until = ?::timestamptz
                             + make_interval(secs => LEAST(?::float8 * power(2, failures - ?), ?::float8))
        WHERE key_hash = ? AND failures >= ?`,
      [now, FIRST_LOCK_MS / 1000, threshold, MAX_LOCK_MS / 1000, pairKey(email, client), threshold],
    );
  }

  /** The owner got in: the counts of this email start again. */
  async succeeded(email: string, client: string): Promise<void> {
    await this.em
      .fork()
      .execute('DELETE FROM login_failures WHERE key_hash IN (?, ?)', [pairKey(email, client), emailKey(email)]);
  }
}

/** Waits the slow-down of a brake. */
export const slowDown = (brake: LoginBrake) =>
  brake.slowDownMs > 0 ? new Promise<void>((r) => setTimeout(r, brake.slowDownMs)) : Promise.resolve();
