import { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../database/table-shape';

/**
 * Shadow copies of a projection's tables, in a schema of their own: same table names, same
 * columns, defaults, checks, primary keys, unique constraints and index names as the live ones.
 * Projections never name a schema, so a transaction whose search_path starts with the shadow
 * schema writes into the copies through the very same MikroORM entities and SQL.
 */
export const shadowSchemaOf = (projection: string) =>
  `rebuild_${projection.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 63);

/**
 * Creates the shadow copies. With `build: 'later'`, the indexes that back no constraint are not
 * built yet: their statements are returned, for `createShadowIndexes` once the bulk of the rows
 * is in (one sort per index then, instead of maintaining every index row by row).
 */
export async function createShadowTables(
  em: EntityManager,
  schema: string,
  tables: readonly string[],
  build: 'now' | 'later' = 'now',
): Promise<string[]> {
  const later: string[] = [];
  await em.execute(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
  await em.execute(`CREATE SCHEMA ${ident(schema)}`);
  for (const table of tables) {
    await em.execute(
      `CREATE TABLE ${ident(schema)}.${ident(table)} (LIKE public.${ident(table)} INCLUDING DEFAULTS
          INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS)`,
    );
    // Constraints backed by an index (primary key, unique, exclusion) and foreign keys, under their own names.
    const constraints = await em.execute<{ name: string; def: string }[]>(
      `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = ('public.' || quote_ident(?))::regclass AND c.contype IN ('p', 'u', 'x', 'f')
        ORDER BY c.contype = 'f', c.conname`,
      [table],
    );
    for (const c of constraints) {
      await em.execute(`ALTER TABLE ${ident(schema)}.${ident(table)} ADD CONSTRAINT ${ident(c.name)} ${c.def}`);
    }
    // The other indexes, under their own names (a later migration can drop or alter them by name).
    const indexes = await em.execute<{ def: string }[]>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
        WHERE i.indrelid = ('public.' || quote_ident(?))::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [table],
    );
    for (const { def } of indexes) {
      const onShadow = def.replace(/ ON (ONLY )?public\./, ` ON $1${ident(schema)}.`);
      if (onShadow === def) throw new Error(`cannot copy index of ${table}: ${def}`);
      // Later ones may be built early (see ShadowRebuild), so building them again is a no-op.
      if (build === 'later') later.push(onShadow.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      else await em.execute(onShadow);
    }
  }
  return later;
}

/** Builds the indexes `createShadowTables(…, 'later')` left out. */
export async function createShadowIndexes(em: EntityManager, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await em.execute(statement);
}

/** Points the caller's transaction at the shadow tables first; other tables resolve as usual. */
export async function useShadow(em: EntityManager, schema: string): Promise<void> {
  await em.execute(`SET LOCAL search_path TO ${ident(schema)}, public`);
}

/** Replaces the live tables with the shadow ones, inside the caller's transaction. */
export async function swapInShadow(em: EntityManager, schema: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    // A serial column's sequence belongs to the live table; the copy's default uses it too, so it moves over.
    const owned = await em.execute<{ seq: string; col: string }[]>(
      `SELECT s.relname AS seq, a.attname AS col FROM pg_depend d
         JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.refobjid = ('public.' || quote_ident(?))::regclass AND d.deptype = 'a'`,
      [table],
    );
    for (const o of owned) await em.execute(`ALTER SEQUENCE public.${ident(o.seq)} OWNED BY NONE`);
    await em.execute(`DROP TABLE public.${ident(table)}`);
    await em.execute(`ALTER TABLE ${ident(schema)}.${ident(table)} SET SCHEMA public`);
    for (const o of owned)
      await em.execute(`ALTER SEQUENCE public.${ident(o.seq)} OWNED BY public.${ident(table)}.${ident(o.col)}`);
  }
  await em.execute(`DROP SCHEMA ${ident(schema)} CASCADE`);
}

export async function dropShadow(em: EntityManager, schema: string): Promise<void> {
  await em.execute(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
}

export interface TableDifference {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  /** rows under the same key whose contents differ */
  changed: number;
  /** keys only the live table had */
  onlyLive: number;
  /** keys only the rebuilt table has */
  onlyRebuilt: number;
  /** the first few differing keys, in key order */
  sampleKeys: { key: string; difference: 'changed' | 'only-live' | 'only-rebuilt' }[];
}

/**
 * Compares a live table with its rebuilt copy row by row: the md5 of each row's text, joined
 * on the primary key. Both must hold the same columns in the same order (they do: one was
 * created LIKE the other).
 */
export async function compareTables(
  em: EntityManager,
  schema: string,
  table: string,
  sample = 5,
): Promise<TableDifference> {
  const keyColumns = await em.execute<{ column: string }[]>(
    `SELECT a.attname AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = ('public.' || quote_ident(?))::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  const key = keyColumns.length
    ? keyColumns.map((c) => `t.${ident(c.column)}::text`).join(` || '|' || `)
    : 'md5(t::text)';
  const side = (s: string) => `SELECT ${key} AS k, md5(t::text) AS h FROM ${ident(s)}.${ident(table)} t`;
  const diff = `SELECT coalesce(l.k, r.k) AS k,
                       CASE WHEN l.k IS NULL THEN 'only-rebuilt'
                            WHEN r.k IS NULL THEN 'only-live' ELSE 'changed' END AS d
                  FROM (${side('public')}) l FULL JOIN (${side(schema)}) r ON l.k = r.k
                 WHERE l.h IS DISTINCT FROM r.h`;
  const [counts] = await em.execute<
    { live: string; rebuilt: string; changed: string; only_live: string; only_rebuilt: string }[]
  >(
    `SELECT (SELECT count(*) FROM public.${ident(table)}) AS live,
            (SELECT count(*) FROM ${ident(schema)}.${ident(table)}) AS rebuilt,
            count(*) FILTER (WHERE d = 'changed') AS changed,
            count(*) FILTER (WHERE d = 'only-live') AS only_live,
            count(*) FILTER (WHERE d = 'only-rebuilt') AS only_rebuilt
       FROM (${diff}) x`,
  );
  const samples = await em.execute<{ k: string; d: TableDifference['sampleKeys'][number]['difference'] }[]>(
    `SELECT k, d FROM (${diff}) x ORDER BY k LIMIT ${Math.max(0, Math.floor(sample))}`,
  );
  return {
    table,
    liveRows: Number(counts.live),
    rebuiltRows: Number(counts.rebuilt),
    changed: Number(counts.changed),
    onlyLive: Number(counts.only_live),
    onlyRebuilt: Number(counts.only_rebuilt),
    sampleKeys: samples.map((s) => ({ key: s.k, difference: s.d })),
  };
}
