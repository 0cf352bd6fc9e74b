import { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, EntityMetadata } from '@mikro-orm/core';
import { clientSql } from './batch-sql';
import { withOrmConnection } from './orm-connections';
import { statementName } from './prepared-statements';
import { plainRow, tableShape } from './table-shape';

/**
 * Rows of a read model by SQL (`where`: the rest of the statement after WHERE, `?` placeholders),
 * as the entity's properties, for the lookups a workflow step makes: one named statement on a
 * pooled connection through the driver, not a MikroORM query built, run and hydrated into a
 * unit of work each time. The rows are plain objects, for reading.
 */
export async function selectRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: string,
  values: readonly unknown[],
): Promise<T[]> {
  const shape = tableShape(em.getMetadata().get(entity.name) as EntityMetadata<object>);
  const text = `${shape.selectList} WHERE ${where}`;
  const rows = await queryRows<Record<string, unknown>>(em, text, values);
  const platform = em.getPlatform();
  return rows.map((row) => plainRow(entity, shape.hydrate(row, platform) as T));
}

/**
 * One statement with `?` placeholders, on a connection of the ORM's pool through the driver, as a
 * named statement (parsed and planned once per connection): for the fixed statements a request or
 * an event runs every time (a session's check, an email queued or sent), where MikroORM's and
 * knex's layers cost more than the driver's own work. Its rows as the driver gives them.
 */
export function queryRows<T extends object>(em: EntityManager, text: string, values: readonly unknown[]): Promise<T[]> {
  return withOrmConnection(em, (connection) => clientSql(connection).query<T>(text, values, statementName(text)));
}
