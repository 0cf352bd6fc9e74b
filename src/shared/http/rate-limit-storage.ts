import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Pool } from 'pg';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One statement per counted request: count the hit in the key's window and say whether the key
 * is blocked, atomically (the row is locked by the upsert, so two instances counting the same
 * client at once both see each other's hit). The database's clock decides windows and blocks,
 * so instances with skewed clocks agree.
 *
 * A key is blocked once a hit goes past the limit, for `blockDuration`; blocked requests are not
 * counted; the first hit after a window or a block ends starts a new window. This is the
 * library's in-memory behaviour with a fixed window instead of a sliding one per hit.
 */
const INCREMENT = `
  INSERT INTO http_rate_limits AS r (key, hits, window_ends_at, blocked_until, expires_at)
  VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000),
          CASE WHEN 1 > $3::int THEN now() + make_interval(secs => $4::float8 / 1000) END,
          now() + make_interval(secs => greatest($2::float8, $4::float8) / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE
      WHEN r.blocked_until > now() THEN r.hits
      WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN 1
      ELSE r.hits + 1 END,
    window_ends_at = CASE
      WHEN r.blocked_until > now() THEN r.window_ends_at
      WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN EXCLUDED.window_ends_at
      ELSE r.window_ends_at END,
    blocked_until = CASE
      WHEN r.blocked_until > now() THEN r.blocked_until
      WHEN (CASE WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN 1 ELSE r.hits + 1 END) > $3::int
        THEN now() + make_interval(secs => $4::float8 / 1000)
      ELSE NULL END,
    expires_at = greatest(r.expires_at, EXCLUDED.expires_at)
  RETURNING hits,
    ceil(extract(epoch FROM window_ends_at - now()))::int AS window_seconds,
    coalesce(blocked_until > now(), false) AS blocked,
    coalesce(ceil(extract(epoch FROM blocked_until - now())), 0)::int AS block_seconds`;

/** Counters past both their window and their block are deleted this often (by whichever instance counts next). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The rate limits' counters in PostgreSQL (the UNLOGGED table `http_rate_limits`), so a limit
 * holds across every instance of the app: @nestjs/throttler's own storage counts per process,
 * and a client spreading requests over three instances would get three times the limit.
 *
 * Cost: one round trip (a single-row upsert on a primary key) per request of a rate-limited
 * route; other routes never reach it. Expired counters are swept at most once a minute per
 * instance, off the request path. If the database cannot be reached the request is let through
 * (logged): a limit is a brake, not a gate, and the route itself needs the database anyway.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimits');
  private nextSweepAt = 0;

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweepNowAndThen();
    try {
      const { rows } = await this.pool.query<{
        hits: number;
        window_seconds: number;
        blocked: boolean;
        block_seconds: number;
      }>(INCREMENT, [key, ttl, limit, blockDuration > 0 ? blockDuration : ttl]);
      const row = rows[0];
      // A transaction that started before the one that set the block, but waited for its row
      // lock, reads the block against its own earlier now(): never more than the limit's own figures.
      const block = Math.min(row.block_seconds, Math.ceil((blockDuration > 0 ? blockDuration : ttl) / 1000));
      return {
        totalHits: row.hits,
        timeToExpire: Math.min(row.window_seconds, Math.ceil(ttl / 1000)),
        isBlocked: row.blocked,
        timeToBlockExpire: row.blocked ? block : 0,
      };
    } catch (error) {
      this.logger.warn(`rate limit ${throttlerName} not counted (database unreachable?): ${(error as Error).message}`);
      return { totalHits: 1, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** Deletes counters nobody needs any more: their window and block are both over. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM http_rate_limits WHERE expires_at < now()');
    return rowCount ?? 0;
  }

  private sweepNowAndThen(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    this.sweep().catch((error: Error) =>
      this.logger.warn(`could not sweep expired rate-limit counters: ${error.message}`),
    );
  }
}
