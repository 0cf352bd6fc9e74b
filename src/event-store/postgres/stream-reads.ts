import { Pool } from 'pg';
import { prepared } from '../../database/prepared-statements';
import { NewEvent, ReadStreamOptions } from '../event-store.port';

/** An event as es_events stores it. */
export interface EventRow {
  position: string;
  stream_id: string;
  stream_position: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: NewEvent['metadata'];
  recorded_at: Date;
  hash: string;
  prev_hash: string | null;
  hash_scheme: number;
}

export const SELECT_COLUMNS =
  'position, stream_id, stream_position, event_id, type, data, metadata, recorded_at, hash, prev_hash, hash_scheme';

/** A stream's events from stream position $2 on (or back), at most $3. */
const READ_STREAM = `SELECT ${SELECT_COLUMNS} FROM es_events
  WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position ASC LIMIT $3`;
const READ_STREAM_BACKWARDS = `SELECT ${SELECT_COLUMNS} FROM es_events
  WHERE stream_id = $1 AND stream_position <= $2 ORDER BY stream_position DESC LIMIT $3`;
/** Several streams' events, each from its own stream position on: `ord` says which request a row answers. */
const READ_STREAMS = `SELECT r.ord, e.*
  FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS r(stream_id, from_position, ord)
  CROSS JOIN LATERAL (SELECT ${SELECT_COLUMNS} FROM es_events
    WHERE stream_id = r.stream_id AND stream_position >= r.from_position ORDER BY stream_position) e
  ORDER BY r.ord, e.stream_position`;

interface GatheredRead {
  streamId: string;
  from: number;
  resolve: (rows: EventRow[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Reads of streams, each alone, or (the forward reads a piece of work asks for together: a step
 * reading the streams it decides on at once, a teacher's calendar and a student's, every teacher
 * of an instrument) in one statement and one snapshot when that work returns, each answer what a
 * read alone gives. Only those: reads of other work running meanwhile are not made to wait.
 */
export class StreamReads {
  /** the reads asked for while together() runs its work, sent when it returns */
  private gathered: GatheredRead[] | null = null;

  constructor(private readonly pool: Pool) {}

  read(streamId: string, options: ReadStreamOptions): Promise<EventRow[]> {
    const backwards = options.direction === 'backwards';
    if (this.gathered && !backwards && options.limit === undefined) {
      const gathered = this.gathered;
      return new Promise((resolve, reject) => gathered.push({ streamId, from: options.from ?? 0, resolve, reject }));
    }
    const from = options.from ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    return this.alone(streamId, from, options.limit ?? null, backwards);
  }

  together<T>(work: () => T): T {
    if (this.gathered) return work();
    const reads: GatheredRead[] = [];
    this.gathered = reads;
    try {
      return work();
    } finally {
      this.gathered = null;
      if (reads.length > 0) void this.readGathered(reads);
    }
  }

  private async alone(streamId: string, from: number, limit: number | null, backwards = false): Promise<EventRow[]> {
    const { rows } = await this.pool.query<EventRow>(
      prepared(backwards ? READ_STREAM_BACKWARDS : READ_STREAM, [streamId, from, limit]),
    );
    return rows;
  }

  private async readGathered(reads: GatheredRead[]): Promise<void> {
    try {
      if (reads.length === 1) {
        const [{ streamId, from, resolve }] = reads;
        resolve(await this.alone(streamId, from, null));
        return;
      }
      const { rows } = await this.pool.query<EventRow & { ord: string }>(
        prepared(READ_STREAMS, [reads.map((r) => r.streamId), reads.map((r) => r.from)]),
      );
      const answers = reads.map((): EventRow[] => []);
      for (const row of rows) answers[Number(row.ord) - 1].push(row);
      reads.forEach((r, i) => r.resolve(answers[i]));
    } catch (err) {
      for (const r of reads) r.reject(err);
    }
  }
}
