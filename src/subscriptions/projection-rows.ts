import { NotFoundError } from '@mikro-orm/postgresql';
import type { EntityClass, EntityMetadata, MetadataStorage, Platform } from '@mikro-orm/core';
import { BatchSql } from '../database/batch-sql';
import { statementName } from '../database/prepared-statements';
import { ident, plainRow, TableShape, tableShape } from '../database/table-shape';

/**
 * What a projection's `apply` works with: the batch's rows (through BatchRows), and SQL on its
 * tables in the batch's transaction (`execute`, which writes the rows of the batch first).
 */
export class ProjectionBatch {
  constructor(
    private readonly rows: ProjectionRows,
    private readonly sql: BatchSql,
    /**
     * Awaited before SQL in place: a live batch's transaction begun where it first needs one
     * (see ProjectionHandler); a staged rebuild batch's wait for the batch before it to commit
     * (see ShadowBatches). This batch's own: no other batch sees it.
     */
    private readonly beforeInPlace?: () => Promise<void>,
  ) {}

  create<T extends object>(entity: EntityClass<T>, data: T): T {
    return this.rows.create(entity, data);
  }

  get<T extends object>(entity: EntityClass<T>, id: string): Promise<T> {
    return this.rows.get(this.sql, entity, id);
  }

  put<T extends object>(entity: EntityClass<T>, data: T): void {
    this.rows.put(entity, data);
  }

  insertIgnore<T extends object>(entity: EntityClass<T>, data: T): void {
    this.rows.insertIgnore(entity, data);
  }

  /**
   * SQL that reads or changes a projection's rows in place: the rows of this batch are written
   * first, and forgotten in memory, which that SQL may change.
   */
  async execute<T = Record<string, unknown>>(text: string, values: readonly unknown[]): Promise<T[]> {
    await this.beforeInPlace?.();
    await this.rows.write(this.sql);
    this.rows.forget();
    return this.sql.query<T>(text, values);
  }
}

/**
 * A projection batch's rows, written set-based: plain objects kept in memory by primary key (see
 * BatchRows), not entities of MikroORM's unit of work. Each event changes the object, and
 * `write` stores every row the batch created or touched with one multi-row statement per table.
 * Every batch has one: a live subscription's (ProjectionHandler: the row lookups named
 * statements) and a replay's (a rebuild). Rows stay in memory from one batch to the next, up to
 * `capacity`, so an event about a row a batch before made or read does not read it back; the
 * owner forgets them whenever the table may hold something else (see ProjectionHandler).
 *
 * Rows new to the table are written with a plain INSERT (a duplicate key fails the batch); rows
 * that were in the table already with INSERT … ON CONFLICT (key) DO UPDATE of every column.
 */
export class ProjectionRows {
  private readonly tables = new Map<EntityClass<object>, TableRows>();
  private readonly columnTypes = new Map<string, Map<string, string>>();

  /**
   * @param metadata and platform: MikroORM's, for the tables, columns and types of the entities
   * @param capacity rows kept in memory from one batch to the next
   * @param named whether a row read by key runs as a named statement (live batches; a replay's
   *   table is the shadow copy the search path resolves to)
   */
  constructor(
    private readonly metadata: MetadataStorage,
    private readonly platform: Platform,
    private readonly capacity = 100_000,
    private readonly named = false,
  ) {}

  create<T extends object>(entity: EntityClass<T>, data: T): T {
    const table = this.table(entity);
    const row = plainRow(entity, data);
    const key = table.shape.keyOf(row);
    if (table.rows.has(key))
      throw new Error(`duplicate key value violates unique constraint: ${table.shape.name} ${key} exists already`);
    table.rows.set(key, row);
    table.fresh.add(key);
    return row;
  }

  /** A row of this batch or an earlier one from memory, else from the table (fails when there is none). */
  async get<T extends object>(sql: BatchSql, entity: EntityClass<T>, id: string): Promise<T> {
    const table = this.table(entity);
    let row = table.rows.get(id) as T | undefined;
    if (!row) {
      const copy = await this.read(sql, entity, table, id);
      row = plainRow(entity, copy as T);
      table.rows.set(id, row);
    } else {
      // Most recently used last: trimming drops the rows touched longest ago.
      table.rows.delete(id);
      table.rows.set(id, row);
    }
    if (!table.fresh.has(id)) table.touched.add(id);
    return row;
  }

  /**
   * One row by key, as the entity's properties (MikroORM's names and types: a Date for a
   * timestamp, a string for a bigint), not an entity of the unit of work.
   */
  private async read<T extends object>(
    sql: BatchSql,
    entity: EntityClass<T>,
    table: TableRows,
    id: string,
  ): Promise<Record<string, unknown>> {
    const rows = await sql.query(table.shape.byKey, [id], this.named ? statementName(table.shape.byKey) : undefined);
    if (!rows.length) throw new NotFoundError(`${entity.name} not found ('${id}')`);
    return table.shape.hydrate(rows[0], this.platform);
  }

  /** Inserts or replaces a whole row (MikroORM's `em.upsert`). */
  put<T extends object>(entity: EntityClass<T>, data: T): void {
    const table = this.table(entity);
    const row = plainRow(entity, data);
    const key = table.shape.keyOf(row);
    table.rows.delete(key);
    table.rows.set(key, row);
    // A row made earlier in this batch is still inserted; any other is written over whatever the table holds.
    if (!table.fresh.has(key)) table.touched.add(key);
  }

  /** INSERT … ON CONFLICT DO NOTHING: the first row of a key wins. */
  insertIgnore<T extends object>(entity: EntityClass<T>, data: T): void {
    const table = this.table(entity);
    const key = table.shape.keyOf(data);
    if (!table.ignored.has(key)) table.ignored.set(key, data);
  }

  /** Writes every row created or touched since the last write. */
  async write(sql: BatchSql): Promise<void> {
    await this.send(sql, this.prepare());
  }

  /**
   * Writes every row created or touched since the last write in one statement with `first` (an
   * INSERT or UPDATE … RETURNING: a checkpoint's compare-and-set), and only if `first` returned a
   * row: one statement, so one transaction that commits on its own, with no BEGIN or COMMIT of
   * its own. The statement's data-changing parts are not ordered among themselves; their rows are
   * apart (each key written once per table: see prepare()). Answers the row `first` returned;
   * none when it returned none, and then nothing is written.
   */
  async writeAfter<T = Record<string, unknown>>(
    sql: BatchSql,
    first: { text: string; values: readonly unknown[] },
  ): Promise<T | undefined> {
    const writes = this.prepare();
    const parts = [`first AS (${first.text})`];
    const values: unknown[] = [...first.values];
    for (const { table, conflict, json } of writes) {
      parts.push(`w${parts.length} AS (${await this.insertText(sql, table, conflict, GUARDED)})`);
      values.push(json);
    }
    // (Each part runs once whether or not the query reads it.)
    const text = `WITH ${parts.join(',\n')}\nSELECT * FROM first`;
    const [row] = await sql.query<T>(text, values, this.named ? statementName(text) : undefined);
    return row;
  }

  /**
   * Takes the rows created or touched since the last write, serialized as they are now (later
   * changes to them do not alter what `send` writes).
   */
  prepare(): PreparedWrite {
    const statements: PreparedWrite = [];
    for (const table of this.tables.values()) {
      // A row kept "if absent" whose key the batch also made or changed is left out: written in
      // order, it would find that row and do nothing; left out, each key is written once.
      const ignored = [...table.ignored].filter(([k]) => !table.fresh.has(k) && !table.touched.has(k));
      const batches: [Iterable<object>, string][] = [
        [[...table.fresh].map((k) => table.rows.get(k)!), ''],
        [
          [...table.touched].map((k) => table.rows.get(k)!),
          `ON CONFLICT (${table.shape.keyColumns}) DO UPDATE SET ${table.shape.updateSet}`,
        ],
        [ignored.map(([, row]) => row), 'ON CONFLICT DO NOTHING'],
      ];
      table.fresh.clear();
      table.touched.clear();
      table.ignored.clear();
      for (const [rows, conflict] of batches) {
        const list = [...rows];
        for (let i = 0; i < list.length; i += 5000)
          statements.push({ table, conflict, json: JSON.stringify(list.slice(i, i + 5000)) });
      }
    }
    return statements;
  }

  /** Writes what `prepare` took, in the batch's transaction. */
  async send(sql: BatchSql, statements: PreparedWrite): Promise<void> {
    for (const { table, conflict, json } of statements) {
      const text = await this.insertText(sql, table, conflict);
      // A bound parameter (the driver's own), not a literal spliced into the text.
      await sql.query(text, [json], this.named ? statementName(text) : undefined);
    }
  }

  /**
   * The INSERT of a table's rows from JSON, with the column types of the table the search path
   * resolves to; `where`: a condition on inserting at all (see writeAfter).
   */
  private async insertText(sql: BatchSql, table: TableRows, conflict: string, where = ''): Promise<string> {
    const cached = table.inserts.get(`${where}|${conflict}`);
    if (cached) return cached;
    const types = await this.typesOf(sql, table.shape.name);
    // The record's fields carry the property names (the JSON's keys), the table's columns their own.
    const list = table.shape.columns.map((c) => ident(c.column)).join(', ');
    const fields = table.shape.columns.map((c) => `r.${ident(c.prop)}`).join(', ');
    const record = table.shape.columns.map((c) => `${ident(c.prop)} ${types.get(c.column) ?? 'text'}`).join(', ');
    const text =
      `INSERT INTO ${ident(table.shape.name)} (${list}) SELECT ${fields} FROM json_to_recordset(?::json) ` +
      `AS r(${record}) ${where} ${conflict}`;
    table.inserts.set(`${where}|${conflict}`, text);
    return text;
  }

  /** Forgets every row in memory (after a rollback, or before SQL that changes rows in place). */
  forget(): void {
    for (const table of this.tables.values()) {
      table.rows.clear();
      table.fresh.clear();
      table.touched.clear();
      table.ignored.clear();
    }
  }

  /** Keeps the most recently used rows, up to the capacity (call after a write). */
  trim(): void {
    for (const table of this.tables.values()) {
      let excess = table.rows.size - this.capacity;
      for (const key of table.rows.keys()) {
        if (excess <= 0) break;
        // Rows not written yet stay.
        if (table.fresh.has(key) || table.touched.has(key)) continue;
        table.rows.delete(key);
        excess -= 1;
      }
    }
  }

  /** The column types of the table the search path resolves to (the shadow copy during a rebuild). */
  private async typesOf(sql: BatchSql, table: string): Promise<Map<string, string>> {
    let types = this.columnTypes.get(table);
    if (!types) {
      const rows = await sql.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
        [ident(table)],
      );
      types = new Map(rows.map((r) => [r.name, r.type]));
      this.columnTypes.set(table, types);
    }
    return types;
  }

  private table(entity: EntityClass<object>): TableRows {
    let table = this.tables.get(entity);
    if (!table)
      this.tables.set(
        entity,
        (table = new TableRows(tableShape(this.metadata.get(entity.name) as EntityMetadata<object>))),
      );
    return table;
  }
}

export type PreparedWrite = { table: TableRows; conflict: string; json: string }[];

/** writeAfter's rows are inserted only when its first statement returned a row */
const GUARDED = 'WHERE EXISTS (SELECT FROM first)';

/** A table's rows in a ProjectionRows: by key (plain objects, serialized as they are), and which to write how. */
class TableRows {
  readonly rows = new Map<string, object>();
  /** keys of rows not in the table yet */
  readonly fresh = new Set<string>();
  /** keys of rows in the table already, changed since the last write */
  readonly touched = new Set<string>();
  readonly ignored = new Map<string, object>();
  /** the statements writing rows, by their condition and ON CONFLICT clause */
  readonly inserts = new Map<string, string>();

  constructor(readonly shape: TableShape) {}
}
