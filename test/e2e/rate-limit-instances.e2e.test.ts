import { Pool } from 'pg';
import { PostgresThrottlerStorage } from '../../src/shared/http/rate-limit-storage';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Rate limits count in PostgreSQL, not per process: two instances of the app on one database
 * refuse a client at the same total as one instance would, with the same 429 and Retry-After.
 */
const LIMIT = 5;

describe('rate limits across instances', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('rate_limit_instances');
    a = await startTestApp({ database, env: { LOGIN_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    b = await startTestApp({ database, env: { LOGIN_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  it('refuses the request past the limit whichever instance it reaches', async () => {
    // Sign-in attempts for unknown accounts (each its own email: the sign-in lockout stays out of it),
    // alternating instances.
    const statuses: number[] = [];
    let refused: { status: number; body: unknown; headers: Record<string, string> } | undefined;
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await (i % 2 ? b : a).http
        .post('/api/v1/auth/login')
        .send({ email: `nobody${i}@instances.test`, password: 'not-the-password-1' });
      statuses.push(res.status);
      if (res.status === 429 && !refused)
        refused = { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
    }
    // One instance alone would allow LIMIT; two counting apart would allow 2 × LIMIT.
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429, 429]);
    expect(refused!.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^too many requests from this address; try again in \d+ seconds?$/),
    });
    const retryAfter = Number(refused!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Object.keys(refused!.headers).filter((h) => h.startsWith('retry-after-'))).toEqual([]);
  });

  it('counts concurrent hits from several instances atomically, expires windows and blocks, and sweeps old counters', async () => {
    const pools = [
      new Pool({ connectionString: database.url, max: 5 }),
      new Pool({ connectionString: database.url, max: 5 }),
    ];
    try {
      const stores = pools.map((p) => new PostgresThrottlerStorage(p));
      // 40 hits at once through two pools: each hit counted once, exactly `limit` let through.
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => stores[i % 2].increment('concurrent', 60_000, 10, 60_000, 'test')),
      );
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
      expect(
        results
          .filter((r) => !r.isBlocked)
          .map((r) => r.totalHits)
          .sort((x, y) => x - y),
      ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(
        results.filter((r) => r.isBlocked).filter((r) => r.timeToBlockExpire < 59 || r.timeToBlockExpire > 60),
      ).toEqual([]);

      // A short window: past it, counting starts again; past a block, too.
      const short = stores[0];
      expect((await short.increment('short', 300, 2, 300, 'test')).totalHits).toBe(1);
      expect((await short.increment('short', 300, 2, 300, 'test')).totalHits).toBe(2);
      expect((await short.increment('short', 300, 2, 300, 'test')).isBlocked).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await short.increment('short', 300, 2, 300, 'test')).toMatchObject({ totalHits: 1, isBlocked: false });
      await new Promise((r) => setTimeout(r, 400));
      expect(await short.increment('short', 300, 2, 300, 'test')).toMatchObject({ totalHits: 1, isBlocked: false });

      // Counters past their window and block are deleted; live ones stay.
      await new Promise((r) => setTimeout(r, 400));
      expect(await short.sweep()).toBeGreaterThanOrEqual(1);
      const left = await pools[0].query<{ key: string }>('SELECT key FROM http_rate_limits ORDER BY key');
      expect(left.rows.map((r) => r.key)).toContain('concurrent');
      expect(left.rows.map((r) => r.key)).not.toContain('short');

      // What a counted request costs: one statement, measured here on the test server.
      const n = 200;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await short.increment(`cost-${i % 20}`, 60_000, 1000, 60_000, 'test');
      const perHitMs = Number(process.hrtime.bigint() - t0) / 1e6 / n;
      process.stdout.write(
        `rate-limit counter: ${perHitMs.toFixed(2)} ms per counted request (one round trip, ${n} sequential)\n`,
      );
      expect(perHitMs).toBeLessThan(50);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
