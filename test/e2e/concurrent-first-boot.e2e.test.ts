import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { deriveId } from '../../src/shared/ids';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

/**
 * Three instances of the app started at the same moment on an empty database (a school chain
 * rolling out, an orchestrator starting every replica at once): all of them come up, the schema
 * is migrated once, there is one first admin. The three start in one process, released together
 * (the same tick), each with its own connections, sessions and locks, as separate processes
 * would have.
 */
describe('instances booting at once on an empty database', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('boot_at_once');
  });
  afterAll(async () => {
    for (const app of apps) await app.stop().catch(() => undefined);
    await database?.drop();
  });

  it('all become healthy, the schema is migrated once, and there is one first admin', async () => {
    const started = await Promise.allSettled([0, 1, 2].map(() => startTestApp({ database })));
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(
      started.map((s) => (s.status === 'fulfilled' ? 'up' : String((s.reason as Error).message).slice(0, 300))),
    ).toEqual(['up', 'up', 'up']);
    for (const app of apps) expect((await app.http.get('/health')).status).toBe(200);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const migrations = (
        await db.query<{ name: string; n: number }>(
          'SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY name',
        )
      ).rows;
      expect(migrations).toEqual(
        MIGRATIONS.map((m) => ({ name: m.name, n: 1 })).sort((x, y) => x.name.localeCompare(y.name)),
      );

      const adminId = deriveId('bootstrap-admin', ADMIN.email);
      const userEvents = (
        await db.query<{ type: string; n: number }>(
          `SELECT type, count(*)::int AS n FROM es_events WHERE type IN ('UserRegistered', 'EmailClaimed') GROUP BY type ORDER BY type`,
        )
      ).rows;
      expect(userEvents).toEqual([
        { type: 'EmailClaimed', n: 1 },
        { type: 'UserRegistered', n: 1 },
      ]);
      expect((await db.query(`SELECT id::text, role FROM users`)).rows).toEqual([{ id: adminId, role: 'admin' }]);
      expect((await db.query('SELECT count(*)::int AS n FROM user_credentials')).rows).toEqual([{ n: 1 }]);
    } finally {
      await db.end();
    }
    // Every instance signs the admin in.
    for (const app of apps) expect(await app.login()).toEqual(expect.any(String));
  }, 120_000);
});
