import type { EntityClass } from '@mikro-orm/core';
import { ProjectionBatch } from '../src/subscriptions/projection-rows';

/**
 * A projection's rows of one table inside a batch: plain objects the batch keeps by primary key
 * and writes set-based at its end (or before SQL on the table, see ProjectionBatch.execute). A
 * row made or read earlier in the batch comes from memory, any other from the table.
 */
export class BatchRows<T extends { id: string }> {
  constructor(private readonly entity: EntityClass<T>) {}

  /** Creates a row, written with the batch. */
  create(batch: ProjectionBatch, data: T): T {
    return batch.create(this.entity, data);
  }

  /** A row of this batch, or from the table (fails when there is none). */
  get(batch: ProjectionBatch, id: string): Promise<T> {
    return batch.get(this.entity, id);
  }
}
