import { MikroORM } from '@mikro-orm/postgresql';
import { migrate, ormOptions } from '../../src/database/orm.config';
import { compareTables, createShadowTables, swapInShadow, useShadow } from '../../src/subscriptions/shadow-tables';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('shadow tables: copies keep every constraint, index and sequence through the swap', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  const structure = () =>
    orm.em.fork().execute(
      `SELECT 'index' AS kind, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'widgets'
       UNION ALL
       SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.widgets'::regclass
       UNION ALL
       SELECT 'default', column_name, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'widgets' AND column_default IS NOT NULL
       ORDER BY 1, 2`,
    );

  beforeAll(async () => {
    db = await createTestDatabase('shadow-tables');
    await migrate(db.url);
    orm = await MikroORM.init(ormOptions(db.url, 2));
    await orm.em.fork().execute(`
      CREATE TABLE widgets (
        n bigserial PRIMARY KEY,
        name text NOT NULL CONSTRAINT widgets_name_check CHECK (length(name) > 0),
        code text NOT NULL,
        size integer NOT NULL DEFAULT 1,
        CONSTRAINT widgets_code_key UNIQUE (code)
      );
      CREATE INDEX widgets_size_idx ON widgets (size DESC) WHERE size > 1;
      INSERT INTO widgets (name, code, size) VALUES ('a', 'A', 1), ('b', 'B', 2), ('c', 'C', 3);
    `);
  });
  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('fills a copy through the unqualified name, compares it row by row, and swaps it in unchanged in shape', async () => {
    const before = await structure();
    await orm.em.fork().transactional(async (em) => {
      await createShadowTables(em, 'rebuild_widgets', ['widgets']);
      await useShadow(em, 'rebuild_widgets');
      // Unqualified names reach the copy; its sequence is the live one (ids keep growing).
      await em.execute(
        `INSERT INTO widgets (n, name, code, size) VALUES (1, 'a', 'A', 1), (2, 'b', 'B', 20), (5, 'd', 'D', 4)`,
      );
      await expect(em.execute(`SAVEPOINT s1; INSERT INTO widgets (n, name, code) VALUES (9, '', 'E')`)).rejects.toThrow(
        /widgets_name_check/,
      );
      await em.execute('ROLLBACK TO SAVEPOINT s1');
      await expect(
        em.execute(`SAVEPOINT s2; INSERT INTO widgets (n, name, code) VALUES (10, 'x', 'A')`),
      ).rejects.toThrow(/widgets_code_key/);
      await em.execute('ROLLBACK TO SAVEPOINT s2');
    });
    const diff = await orm.em.fork().transactional((em) => compareTables(em, 'rebuild_widgets', 'widgets'));
    expect(diff).toEqual({
      table: 'widgets',
      liveRows: 3,
      rebuiltRows: 3,
      changed: 1,
      onlyLive: 1,
      onlyRebuilt: 1,
      sampleKeys: [
        { key: '2', difference: 'changed' },
        { key: '3', difference: 'only-live' },
        { key: '5', difference: 'only-rebuilt' },
      ],
    });
    await orm.em.fork().transactional((em) => swapInShadow(em, 'rebuild_widgets', ['widgets']));
    expect(await structure()).toEqual(before);
    expect(await orm.em.fork().execute('SELECT n, code, size FROM widgets ORDER BY n')).toEqual([
      { n: '1', code: 'A', size: 1 },
      { n: '2', code: 'B', size: 20 },
      { n: '5', code: 'D', size: 4 },
    ]);
    // The serial's sequence came along: new rows still get ids.
    const [row] = await orm.em
      .fork()
      .execute<{ n: string }[]>(`INSERT INTO widgets (name, code) VALUES ('e', 'E') RETURNING n`);
    expect(Number(row.n)).toBeGreaterThan(3);
    expect(await orm.em.fork().execute("SELECT 1 FROM pg_namespace WHERE nspname = 'rebuild_widgets'")).toEqual([]);
  });
});
