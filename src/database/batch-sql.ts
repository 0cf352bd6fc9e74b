import { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import type { ClientBase } from 'pg';

/**
 * SQL in a transaction or on a connection of its own, with `?` placeholders, through the driver;
 * `name` makes it a named (prepared) statement.
 */
export interface BatchSql {
  query<T = Record<string, unknown>>(text: string, values: readonly unknown[], name?: string): Promise<T[]>;
}

/** each text as the driver takes it ($1, $2 … for ?): the same few texts on every batch */
const numbered = new Map<string, string>();

function numberedText(text: string): string {
  let pgText = numbered.get(text);
  if (pgText === undefined) {
    let n = 0;
    pgText = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, pgText);
  }
  return pgText;
}

/** SQL on one connection (a live projection batch's, see ProjectionHandler; withOrmConnection). */
export function clientSql(client: ClientBase): BatchSql {
  return {
    async query<T>(text: string, values: readonly unknown[], name?: string): Promise<T[]> {
      const config = { text: numberedText(text), values: values as unknown[], ...(name ? { name } : {}) };
      return (await client.query(config)).rows as T[];
    },
  };
}

/**
 * SQL on the connection of an entity manager's transaction (a rebuild's, whose search path finds
 * the shadow tables), through the driver as `clientSql`.
 */
export async function transactionSql(em: EntityManager): Promise<BatchSql> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('no transaction: this SQL runs in one');
  // A transaction's own client hands out the transaction's connection.
  return clientSql((await trx.client.acquireConnection()) as ClientBase);
}
