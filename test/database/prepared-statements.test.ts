import { Pool } from 'pg';
import { MAX_NAMED_STATEMENTS, PreparingClient } from '../../src/database/prepared-statements';
import { createTestDatabase, TestDatabase } from '../support/database';

/** What the server holds prepared on the pool's one connection. */
async function preparedTexts(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
  return rows.map((r) => r.statement);
}

describe('statements prepared once per connection (PreparingClient)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
    pool = new Pool({ connectionString: db.url, max: 1, Client: PreparingClient });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('runs a parameterized statement seen before as a named one, with the same results', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect((await pool.query(text, [1])).rows).toEqual([{ n: 2 }]);
    expect(await preparedTexts(pool)).not.toContain(text);
    expect((await pool.query(text, [2])).rows).toEqual([{ n: 3 }]);
    expect((await pool.query({ text, values: [3] })).rows).toEqual([{ n: 4 }]);
    expect(await preparedTexts(pool)).toContain(text);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      expect((await client.query(text, [10])).rows).toEqual([{ n: 11 }]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });

  it('leaves statements without values unnamed', async () => {
    const text = 'SELECT 41 + 1 AS n';
    for (let i = 0; i < 3; i++) expect((await pool.query(text)).rows).toEqual([{ n: 42 }]);
    expect(await preparedTexts(pool)).not.toContain(text);
  });

  it('a failed statement is not taken for prepared: it fails again with its own error, then runs once fixed', async () => {
    const text = 'SELECT $1::int / 0 AS n';
    for (let i = 0; i < 3; i++) await expect(pool.query(text, [1])).rejects.toThrow('division by zero');
    await expect(pool.query('SELECT $1::int + missing_column', [1])).rejects.toThrow('missing_column');
    await expect(pool.query('SELECT $1::int + missing_column', [1])).rejects.toThrow('missing_column');
    expect((await pool.query('SELECT $1::int AS n', [5])).rows).toEqual([{ n: 5 }]);
  });

  it(`names at most ${MAX_NAMED_STATEMENTS} distinct texts: texts built with their values in them stay unnamed`, async () => {
    for (let i = 0; i < MAX_NAMED_STATEMENTS + 20; i++) {
      for (let k = 0; k < 2; k++) expect((await pool.query(`SELECT $1::int + ${i} AS n`, [k])).rows[0].n).toBe(i + k);
    }
    const named = await preparedTexts(pool);
    expect(named.length).toBeLessThanOrEqual(MAX_NAMED_STATEMENTS);
    expect(named).not.toContain(`SELECT $1::int + ${MAX_NAMED_STATEMENTS + 19} AS n`);
  });
});
