import type { ProjectionBatch } from './projection-rows';
import { SetMetadata } from '@nestjs/common';
import { RecordedEvent } from '../event-store/event-store.port';

/**
 * A read model's projector: folds events into rows. `apply` runs inside the transaction that
 * also moves the projection's checkpoint, so each event takes effect exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** the tables this projection owns (emptied before a rebuild) */
  readonly tables: readonly string[];
  /**
   * Inside a batch (live or a rebuild's), rows are kept in memory and written set-based at its end
   * (see ProjectionRows): a projection makes and reads its rows through BatchRows, and runs any
   * other SQL on its tables through `batch.execute`, in the batch's transaction.
   */
  apply(event: RecordedEvent, batch: ProjectionBatch): Promise<void>;
}

/**
 * A process manager / saga: reacts to stored events, at least once, with idempotent effects
 * (commands whose ids derive from the event).
 */
export interface EventReactor {
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(event: RecordedEvent): Promise<void>;
  /**
   * Events of one partition are handled in log order; different partitions may run at once.
   * Default: the correlation id (one request, or one workflow run).
   */
  partitionOf?(event: RecordedEvent): string;
}

export const PROJECTION_PROVIDER = 'subscriptions:projection';
export const REACTOR_PROVIDER = 'subscriptions:reactor';

/** Marks a provider as a projection: the subscriptions module finds and runs it. */
export const ProjectionProvider = () => SetMetadata(PROJECTION_PROVIDER, true);
/** Marks a provider as a saga / process manager: the subscriptions module finds and runs it. */
export const ReactorProvider = () => SetMetadata(REACTOR_PROVIDER, true);
