import { EntityManager, FlushMode } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { ReplayRows } from '../src/subscriptions/replay-rows';

/**
 * Finds rows by id inside a projection batch without flushing first: rows created earlier in
 * the same batch come from memory, others from the database. (A plain findOne would flush the
 * whole unit of work before every lookup, which made rebuilds several times slower.)
 * During a replay (a ReplayRows attached to the entity manager) the rows are plain objects the
 * replay writes set-based; otherwise they are entities of the batch's unit of work.
 */
export class BatchRows<T extends { id: string }> {
  private readonly created = new WeakMap<EntityManager, Map<string, T>>();

  constructor(private readonly entity: EntityClass<T>) {}

  /** Creates a row in this batch's unit of work. */
  create(em: EntityManager, data: T): T {
    const replay = ReplayRows.of(em);
    if (replay) return replay.create(em, this.entity, data);
    const row = em.create(this.entity, data as never) as T;
    let rows = this.created.get(em);
    if (!rows) this.created.set(em, (rows = new Map()));
    rows.set(row.id, row);
    return row;
  }

  async get(em: EntityManager, id: string): Promise<T> {
    const replay = ReplayRows.of(em);
    if (replay) return replay.get(em, this.entity, id);
    return (
      this.created.get(em)?.get(id) ??
      ((await em.findOneOrFail(this.entity, { id } as never, { flushMode: FlushMode.COMMIT })) as T)
    );
  }
}
