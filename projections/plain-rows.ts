import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { QBQueryOrderMap } from '@mikro-orm/knex';

/**
 * A read model's rows as plain objects (property names, values converted as for its entities),
 * without creating managed entities. A query only turns rows into views and sends them:
 * hydrating entities and tracking them in an identity map was a third of the CPU of listing
 * teachers (docs/benchmarks.md §3). For reads only: nothing here can be flushed.
 */
export async function findRows<T extends object>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<NoInfer<T>>,
  options: { orderBy?: QBQueryOrderMap<NoInfer<T>>; limit?: number } = {},
): Promise<T[]> {
  const qb = em.createQueryBuilder(entity).select('*').where(where);
  if (options.orderBy) qb.orderBy(options.orderBy);
  if (options.limit !== undefined) qb.limit(options.limit);
  return qb.execute<T[]>('all', true);
}
