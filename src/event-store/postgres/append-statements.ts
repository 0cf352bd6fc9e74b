import { QueryConfig } from 'pg';
import { prepared } from '../../database/prepared-statements';
import { NewEvent } from '../event-store.port';
import { NOTIFY_CHANNEL } from './append-notifier';
import { SubjectTie, tieValues, tyingSubjects } from './subject-ties';

/**
 * The statements that append: one append (es_append), with its NOTIFY or without, and several
 * that travel together (es_append_batch); each with its subjects' ties or without (see
 * SubjectTie). The store and the batcher say what they send; this picks the text.
 */

const APPEND = 'SELECT next_revision, last_position, written FROM es_append($1, $2, $3::jsonb)';
/** The append with its NOTIFY (heard once the append commits). */
const APPEND_NOTIFYING = `SELECT r.next_revision, r.last_position, r.written,
         CASE WHEN r.written THEN pg_notify('${NOTIFY_CHANNEL}',
           (SELECT json_object_agg(h.key, r.last_position - h.value::bigint)
              FROM jsonb_each_text($4::jsonb) h)::text)
         END AS notified
    FROM es_append($1, $2, $3::jsonb) r`;
const APPEND_TYING = tyingSubjects(APPEND, 4);
const APPEND_NOTIFYING_TYING = tyingSubjects(APPEND_NOTIFYING, 5);

const APPEND_BATCH = 'SELECT * FROM es_append_batch($1::jsonb)';
/** The batch with its appends' ties (those of a refused append too: a tie alone names no event). */
const APPEND_BATCH_TYING = tyingSubjects(APPEND_BATCH, 2);

/** One append, as a named statement: `hint` (see hintOffsets) when it carries its NOTIFY. */
export function appendStatement(
  streamId: string,
  expected: string,
  payload: string,
  hint: string | null,
  ties: readonly SubjectTie[],
): QueryConfig {
  const params = hint === null ? [streamId, expected, payload] : [streamId, expected, payload, hint];
  if (ties.length === 0) return prepared(hint === null ? APPEND : APPEND_NOTIFYING, params);
  return prepared(hint === null ? APPEND_TYING : APPEND_NOTIFYING_TYING, [...params, ...tieValues(ties)]);
}

/** Appends that travel together (`appends`: es_append_batch's JSON), with their ties: its text and values. */
export function batchStatement(appends: string, ties: readonly SubjectTie[]): [string, unknown[]] {
  return ties.length === 0 ? [APPEND_BATCH, [appends]] : [APPEND_BATCH_TYING, [appends, ...tieValues(ties)]];
}

/**
 * Each event type's distance back from the append's last position, as JSON: its hint, before the positions
 * are known.
 */
export function hintOffsets(events: readonly NewEvent[]): string {
  const offsets: Record<string, number> = {};
  events.forEach((e, i) => {
    offsets[e.type] = Math.min(offsets[e.type] ?? Infinity, events.length - 1 - i);
  });
  return JSON.stringify(offsets);
}
