import { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { ProjectionRows } from '../src/subscriptions/projection-rows';

/**
 * A projection's rows of one table inside a batch: plain objects the batch's ProjectionRows keeps
 * by primary key and writes set-based at the end of the batch (or before SQL on the table, see
 * writePending). A row made or read earlier in the batch comes from memory, any other from the
 * table.
 */
export class BatchRows<T extends { id: string }> {
  constructor(private readonly entity: EntityClass<T>) {}

  /** Creates a row, written with the batch. */
  create(em: EntityManager, data: T): T {
    return rowsOf(em).create(em, this.entity, data);
  }

  /** A row of this batch, or from the table (fails when there is none). */
  get(em: EntityManager, id: string): Promise<T> {
    return rowsOf(em).get(em, this.entity, id);
  }
}

/** The batch's rows: a projection changes its rows only inside a batch. */
export function rowsOf(em: EntityManager): ProjectionRows {
  const rows = ProjectionRows.of(em);
  if (!rows) throw new Error('projection rows are changed inside a batch (no ProjectionRows attached)');
  return rows;
}
