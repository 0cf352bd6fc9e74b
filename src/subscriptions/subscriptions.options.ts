import type { ProjectionFaults } from './checkpointed-handlers';
import type { RunnerOptions } from './runner.types';

/** How this process runs its projections and sagas (CoreModule builds it from the configuration). */
export interface SubscriptionsOptions {
  /** false: nothing runs in this process (CLI, some tests) */
  enabled: boolean;
  projection: RunnerOptions;
  saga: RunnerOptions;
  faults?: ProjectionFaults;
  /**
   * PostgreSQL holding the advisory locks that elect, per subscription, the one instance running
   * it (the read-model database). Omitted: this process runs every subscription unconditionally.
   */
  lockConnectionString?: string;
  /** how often a standby instance tries to take over subscriptions nobody runs */
  takeoverIntervalMs?: number;
  /** never run a subscription here: only follow the checkpoints other instances move (SUBSCRIPTIONS_MODE=follow) */
  followOnly?: boolean;
  /**
   * Runs only projections, or only sagas, and follows the others (SUBSCRIPTIONS_MODE=projections
   * or sagas): read models in a process of their own, apart from the workflows' work.
   */
  runsOnly?: 'projection' | 'saga';
}

export const SUBSCRIPTIONS_OPTIONS = Symbol('SUBSCRIPTIONS_OPTIONS');

export const DEFAULT_SUBSCRIPTIONS_OPTIONS: SubscriptionsOptions = {
  enabled: true,
  projection: { batchSize: 500, pollIntervalMs: 500, retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 } },
  saga: { batchSize: 100, pollIntervalMs: 500, retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 } },
};
