import { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';

/** The ORM's connection pool, as knex's client hands its connections out. */
interface KnexPool {
  acquireConnection(): Promise<ClientBase>;
  releaseConnection(connection: ClientBase): Promise<unknown>;
}

/**
 * Work on one connection of the ORM's pool, through the driver: for the short statements a
 * subscription runs on every batch or event, where MikroORM's and knex's layers cost the process
 * several times the driver's own work. The connection goes back to the pool after (one the
 * driver saw fail is replaced there).
 */
export async function withOrmConnection<T>(
  em: EntityManager,
  work: (connection: ClientBase) => Promise<T>,
): Promise<T> {
  const pool = em.getKnex().client as KnexPool;
  const connection = await pool.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await pool.releaseConnection(connection);
  }
}
