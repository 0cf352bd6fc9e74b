import { Pool } from 'pg';
import { jcsDataAndMetadata } from '../event-hash';
import { batchStatement } from './append-statements';
import { SubjectTie, tiedOf, TiedAppendResult } from './subject-ties';
import {
  ExpectedRevision,
  InvalidAppendError,
  NewEvent,
  validateAppend,
  WrongExpectedRevisionError,
} from '../event-store.port';

/** Raised by es_append() (see migrations): wrong expected revision / event ids reused. */
const SQLSTATE_WRONG_REVISION = 'CH001';
const SQLSTATE_EVENT_ID_REUSED = 'CH002';

/** Batches of appends in flight at once on the pool, and appends per batch. */
const MAX_BATCHES_IN_FLIGHT = 2;
const MAX_BATCH = 32;

export interface QueuedAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
  /** subjects to tie to their families in the append's transaction */
  ties: readonly SubjectTie[];
  resolve(result: TiedAppendResult): void;
  reject(err: unknown): void;
}

interface BatchRow {
  ord: number;
  next_revision: string | null;
  last_position: string | null;
  written: boolean;
  tied: string[] | null;
  error_code: string | null;
  error_message: string | null;
  error_detail: string | null;
  error_constraint: string | null;
}

/** Each event for es_append: data and metadata as their JCS text, which scheme 2 hashes (event-hash.ts). */
export const payloadOf = (events: readonly NewEvent[]) =>
  events.map((e) => ({ id: e.eventId, type: e.type, c: jcsDataAndMetadata(e.data, e.metadata) }));

export const expectedText = (expected: ExpectedRevision): string =>
  typeof expected === 'number' ? String(expected) : expected;

/** es_append's refusals (wrong expected revision, reused event ids) as the port's errors; null for anything else. */
export function refusal(
  code: string | null | undefined,
  detail: string | null | undefined,
  message: string | null | undefined,
  streamId: string,
  expected: ExpectedRevision,
): Error | null {
  if (code === SQLSTATE_WRONG_REVISION) {
    const actual = Number(detail);
    return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
  }
  if (code === SQLSTATE_EVENT_ID_REUSED) return new InvalidAppendError(message ?? 'event ids reused');
  return null;
}

/**
 * Appends on the pool. An append that arrives while others are in flight waits for the next
 * round trip and goes with the appends gathered meanwhile, in one statement and one commit
 * (es_append_batch, each append in its own savepoint): under concurrent writers that is one
 * WAL flush for many. Two appends to one stream never travel together or in two concurrent
 * batches (the later one waits), and a batch locks its streams in name order.
 */
export class AppendBatcher {
  private readonly queued: QueuedAppend[] = [];
  private readonly streamsInFlight = new Set<string>();
  private batchesInFlight = 0;
  private sendScheduled = false;

  constructor(
    private readonly pool: Pool,
    /** one append on its own, with every retry and error of the single path */
    private readonly alone: (append: QueuedAppend) => Promise<TiedAppendResult>,
    private readonly written: (events: readonly NewEvent[], lastPosition: number) => void,
  ) {}

  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
    ties: readonly SubjectTie[],
  ): Promise<TiedAppendResult> {
    try {
      validateAppend(streamId, events, expectedRevision);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.queued.push({ streamId, events, expectedRevision, ties, resolve, reject });
      // Sent once the current burst of callers has queued: writers woken together by the last
      // batch's answers go out together, not the first of them alone.
      if (!this.sendScheduled) {
        this.sendScheduled = true;
        queueMicrotask(() => {
          this.sendScheduled = false;
          this.sendQueued();
        });
      }
    });
  }

  private sendQueued(): void {
    while (this.batchesInFlight < MAX_BATCHES_IN_FLIGHT && this.queued.length > 0) {
      // Spread what is queued over the free slots: concurrent batches use the server's cores.
      const size = Math.min(MAX_BATCH, Math.ceil(this.queued.length / (MAX_BATCHES_IN_FLIGHT - this.batchesInFlight)));
      const batch: QueuedAppend[] = [];
      for (let i = 0; i < this.queued.length && batch.length < size;) {
        const next = this.queued[i];
        if (this.streamsInFlight.has(next.streamId)) {
          i++;
          continue;
        }
        this.streamsInFlight.add(next.streamId);
        batch.push(next);
        this.queued.splice(i, 1);
      }
      if (batch.length === 0) return; // what is queued waits for its stream's append in flight
      this.batchesInFlight++;
      void this.sendBatch(batch).finally(() => {
        this.batchesInFlight--;
        for (const a of batch) this.streamsInFlight.delete(a.streamId);
        this.sendQueued();
      });
    }
  }

  private async sendBatch(batch: QueuedAppend[]): Promise<void> {
    const alone = (a: QueuedAppend) => this.alone(a).then(a.resolve, a.reject);
    if (batch.length === 1) return alone(batch[0]);
    batch.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    let rows: BatchRow[];
    const ties = batch.flatMap((a) => a.ties);
    const appends = JSON.stringify(
      batch.map((a) => ({
        stream: a.streamId,
        expected: expectedText(a.expectedRevision),
        events: payloadOf(a.events),
      })),
    );
    try {
      ({ rows } = await this.pool.query<BatchRow>(...batchStatement(appends, ties)));
    } catch {
      // The statement failed as a whole (a lost connection, a deadlock…): each append on its
      // own. One that did commit is found by its event ids and not written twice.
      await Promise.all(batch.map(alone));
      return;
    }
    await Promise.all(
      rows.map((r) => {
        const a = batch[r.ord - 1];
        if (!r.error_code) {
          if (r.written) this.written(a.events, Number(r.last_position));
          a.resolve({
            nextExpectedRevision: Number(r.next_revision),
            position: Number(r.last_position),
            written: r.written,
            ...(a.ties.length > 0 && { tied: tiedOf(a.ties, r.tied) }),
          });
          return;
        }
        const refused = refusal(r.error_code, r.error_detail, r.error_message, a.streamId, a.expectedRevision);
        // Refusals are final; anything else (an older transaction met a stream's newer append, a
        // concurrent identical append, an unexpected error) is sent again alone, where it is retried or raised
        // as it is.
        if (refused) return a.reject(refused);
        return alone(a);
      }),
    );
  }
}
