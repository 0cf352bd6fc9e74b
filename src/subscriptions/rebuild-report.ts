import { TableDifference } from './shadow-tables';

/** What a rebuild tells while it runs and when it is done. */
export interface RebuildProgress {
  events: number;
  /** events of the projection's types in the log when the rebuild started (null: unknown) */
  total: number | null;
  eventsPerSecond: number;
}

export interface FailedEvent {
  position: number;
  eventId: string;
  type: string;
  streamId: string;
  error: string;
}

export interface RebuildReport {
  projection: string;
  events: number;
  milliseconds: number;
  eventsPerSecond: number;
  /** the checkpoint the rebuilt tables took over */
  position: number;
  /** true when every table of the rebuilt model equals the model it replaced */
  identical: boolean;
  /**
   * The positions the two models stood at when compared: equal, unless the live model lagged by
   * more than a batch (then rows of the events it had not applied yet count as differences too).
   */
  comparedAt: { live: number; rebuilt: number };
  differences: TableDifference[];
  /** events the projection could not apply (parked, as the live subscription would have) */
  failed: FailedEvent[];
}
