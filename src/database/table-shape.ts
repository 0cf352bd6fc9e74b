import type { EntityClass, EntityMetadata, Platform, Type } from '@mikro-orm/core';

/**
 * A read model's table as its entity maps it (MikroORM's metadata): its columns and properties,
 * the statements that read its rows, and how a row the driver returns becomes the entity's
 * properties. One per entity (`tableShape`).
 */
export class TableShape {
  readonly name: string;
  readonly key: string;
  readonly keyColumns: string;
  readonly columns: { prop: string; column: string; type?: Type<unknown>; date: boolean }[];
  /** SET every column but the key to the row offered (ON CONFLICT … DO UPDATE) */
  readonly updateSet: string;
  /**
   * SELECT every column FROM the table, by name: a column added later does not change the shape
   * a named statement returns
   */
  readonly selectList: string;
  /** the statement reading one row by its key */
  readonly byKey: string;

  constructor(readonly meta: EntityMetadata<object>) {
    this.name = meta.tableName;
    const keys = meta.primaryKeys as string[];
    if (keys.length !== 1) throw new Error(`${meta.className}: projection rows need a single-column primary key`);
    this.key = keys[0];
    const props = meta.props.filter((p) => p.persist !== false && !p.formula && p.fieldNames?.length === 1);
    this.columns = props.map((p) => ({
      prop: p.name,
      column: p.fieldNames[0],
      type: p.customType,
      date: p.runtimeType === 'Date',
    }));
    const keyColumns = props.filter((p) => p.primary).map((p) => p.fieldNames[0]);
    this.keyColumns = keyColumns.map(ident).join(', ');
    this.updateSet = this.columns
      .filter((c) => !keyColumns.includes(c.column))
      .map((c) => `${ident(c.column)} = EXCLUDED.${ident(c.column)}`)
      .join(', ');
    this.selectList = `SELECT ${this.columns.map((c) => ident(c.column)).join(', ')} FROM ${ident(this.name)}`;
    this.byKey = `${this.selectList} WHERE ${this.keyColumns} = ?`;
  }

  /** A row as the driver returned it, as the entity's properties, converted as MikroORM's hydration converts them. */
  hydrate(raw: Record<string, unknown>, platform: Platform): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const c of this.columns) {
      let v = raw[c.column];
      if (v != null) {
        if (c.type) v = c.type.convertToJSValue(v, platform);
        else if (c.date && typeof v === 'string') v = platform.parseDate(v);
      }
      row[c.prop] = typeof v === 'bigint' ? v.toString() : v;
    }
    return row;
  }

  keyOf(row: object): string {
    return String((row as Record<string, unknown>)[this.key]);
  }
}

const shapes = new WeakMap<EntityMetadata<object>, TableShape>();

/** The shape of an entity's table, made once. */
export function tableShape(meta: EntityMetadata<object>): TableShape {
  let shape = shapes.get(meta);
  if (!shape) shapes.set(meta, (shape = new TableShape(meta)));
  return shape;
}

/** A row as a plain object: the entity's defaults (from its constructor), then the data. */
export function plainRow<T extends object>(entity: EntityClass<T>, data: T): T {
  return { ...new (entity as new () => T)(), ...data };
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
