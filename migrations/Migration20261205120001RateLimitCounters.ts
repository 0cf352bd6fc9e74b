import { Migration } from '@mikro-orm/migrations';

/**
 * The rate limits' counters, shared by every instance of the app (one row per limit, route and
 * client address; see src/shared/http/rate-limit-storage.ts).
 *
 * UNLOGGED: a counter lives a minute and is written on every counted request. Writing it to the
 * WAL would double the cost of each write and ship it to replicas for nothing; what is given up
 * is that PostgreSQL empties an unlogged table after a crash (and replicas never see it), so the
 * limits start afresh then: at worst one window of leniency, nothing a client could not get by
 * waiting a minute anyway.
 */
export class Migration20261205120001RateLimitCounters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE UNLOGGED TABLE http_rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX http_rate_limits_expires_at ON http_rate_limits (expires_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS http_rate_limits;');
  }
}
