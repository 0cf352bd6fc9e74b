import { Migration } from '@mikro-orm/migrations';
import { ES_APPEND_SCHEME_2 } from './Migration20261205040001HashSchemeJcs';

/**
 * es_append() planned once per connection, with fewer statements run inside it; same checks,
 * same rows, same hashes.
 * - Its statements were planned again on every call: under PostgreSQL's default plan cache mode
 *   a statement keeps a custom plan, made anew each time, whenever the generic plan's estimate
 *   is not cheaper, as for the ids looked up in an array of unknown length. A generic plan is
 *   forced now; with sequential scans off it looks rows up by their indexes whatever the table's
 *   size when it was made (Migration20261122001500AppendPlans).
 * - Each statement a PL/pgSQL function runs starts and ends an executor; the expressions it
 *   evaluates on its own do not. An append to a new stream ran seven statements (the ids
 *   gathered, the ids looked up, the stream's row, the events walked by a query, their insert,
 *   the offset set by PERFORM, the answer by RETURN QUERY) and now runs three: the ids looked
 *   up, the stream's row, the events' insert. An append at an expected revision locks the
 *   stream's row first (it exists, unless the revision is wrong) instead of trying to create it.
 * A retried append and every refusal answer as before (a retry's last position is read with the
 * ids' lookup). docs/benchmarks.md (issue 17, round 13).
 */
export class Migration20261206010001AppendStatements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
      RETURNS TABLE (next_revision bigint, last_position bigint, written boolean)
      LANGUAGE plpgsql
      -- One generic plan per statement and connection, never a sequential scan (see above).
      SET enable_seqscan = off
      SET plan_cache_mode = force_generic_plan
      AS $fn$
      DECLARE
        v_count int := jsonb_array_length(p_events);
        v_ids uuid[];
        v_stored int;
        v_any_stream int;
        v_stored_position bigint;
        v_current bigint;
        v_created int := 0;
        v_base bigint;
        v_mismatch boolean;
        v_prev_hash text;
        v_prev_position bigint;
        v_chain_start text;
        v_event jsonb;
        v_hashes text[] := '{}';
        v_types text[] := '{}';
        v_datas jsonb[] := '{}';
        v_metas jsonb[] := '{}';
        v_schemes smallint[] := '{}';
        v_pair jsonb;
        v_text text;
        v_offset int := coalesce(nullif(current_setting('es.tx_offset', true), '')::int, 0);
      BEGIN
        -- The ids in the events' order (an expression, no statement, for the usual single event).
        IF v_count = 1 THEN
          v_ids := ARRAY[(p_events->0->>'id')::uuid];
        ELSE
          v_ids := ARRAY(SELECT (e.value->>'id')::uuid FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e ORDER BY e.ordinality);
        END IF;

        -- A retried append (same event ids, same stream) changes nothing. Both counts come from
        -- one statement, hence one snapshot: an identical append committing meanwhile is seen
        -- either whole (a retry) or not at all (then the stream lock below orders the two).
        -- (Their last position too: a max() alone could be planned, once for good, as a walk down
        -- the position index.)
        SELECT count(*) FILTER (WHERE stream_id = p_stream_id), count(*), max(position)
          INTO v_stored, v_any_stream, v_stored_position
          FROM es_events WHERE event_id = ANY (v_ids);
        IF v_stored = v_count AND v_any_stream = v_count THEN
          RETURN QUERY
            SELECT s.revision, v_stored_position, false FROM es_streams s WHERE s.stream_id = p_stream_id;
          RETURN;
        END IF;
        IF v_any_stream > 0 THEN
          RAISE EXCEPTION 'event ids of this append are already stored with other events'
            USING ERRCODE = 'CH002';
        END IF;

        -- At an expected revision the stream exists (or the revision is wrong): lock its row.
        IF p_expected NOT IN ('no_stream', 'any') THEN
          SELECT revision INTO v_current FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
        END IF;
        -- Otherwise (or not found) a new stream is created at its final revision: its row is ours
        -- (locked) until commit, and neither a SELECT ... FOR UPDATE nor an UPDATE is needed. An
        -- expected revision that does not match raises below, which undoes this insert with the
        -- rest of the statement.
        IF v_current IS NULL THEN
          INSERT INTO es_streams (stream_id, revision) VALUES (p_stream_id, v_count - 1) ON CONFLICT DO NOTHING;
          GET DIAGNOSTICS v_created = ROW_COUNT;
          IF v_created = 1 THEN
            v_current := -1;
          ELSE
            SELECT revision INTO v_current FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
          END IF;
        END IF;

        v_mismatch := CASE p_expected
                        WHEN 'any' THEN false
                        WHEN 'no_stream' THEN v_current <> -1
                        ELSE v_current <> p_expected::bigint
                      END;
        IF v_mismatch THEN
          -- The stream moved while we waited for its lock: perhaps by this very append.
          SELECT count(*), max(position) INTO v_stored, v_stored_position
            FROM es_events WHERE event_id = ANY (v_ids) AND stream_id = p_stream_id;
          IF v_stored = v_count THEN
            RETURN QUERY SELECT v_current, v_stored_position, false;
            RETURN;
          END IF;
          RAISE EXCEPTION 'wrong expected revision' USING ERRCODE = 'CH001', DETAIL = v_current::text;
        END IF;

        IF v_offset + v_count > 65536 THEN
          RAISE EXCEPTION 'at most 65536 events can be appended in one transaction' USING ERRCODE = 'CH002';
        END IF;
        v_base := (pg_current_xact_id()::text::bigint << 16) + v_offset;

        IF v_current >= 0 THEN
          SELECT hash, position INTO v_prev_hash, v_prev_position
            FROM es_events WHERE stream_id = p_stream_id AND stream_position = v_current;
          -- A transaction numbered before the one that wrote the stream's last event would put
          -- this event before it in the global log; a stream's order must be the log's order.
          IF v_prev_position > v_base THEN
            RAISE EXCEPTION 'this transaction started before the stream''s last append; retry it'
              USING ERRCODE = 'CH003', DETAIL = v_current::text;
          END IF;
        END IF;

        -- The chain runs through the append: each event's hash covers the previous one's.
        v_chain_start := v_prev_hash;
        -- Scheme 2 (an event sent with "c", the RFC 8785 text of [data, metadata] without its
        -- brackets): SHA-256 of the JCS text of [stream_id, stream_position, event_id, type, data,
        -- metadata, prev_hash], assembled here around "c"; data and metadata are stored from that
        -- very text. Scheme 1 (an event sent with data and metadata): SHA-256 of the jsonb text of
        -- the same array. See docs/audit.md. A loop over numbers: expressions only, no statement.
        FOR k IN 1..v_count LOOP
          v_event := p_events->(k - 1);
          IF v_event ? 'c' THEN
            v_pair := ('[' || (v_event->>'c') || ']')::jsonb;
            v_text := '[' || to_json(p_stream_id)::text || ',' || (v_current + k)::text || ',"'
                   || v_ids[k]::text || '",' || to_json(v_event->>'type')::text || ','
                   || (v_event->>'c') || ',' || coalesce('"' || v_prev_hash || '"', 'null') || ']';
            v_datas := v_datas || (v_pair->0);
            v_metas := v_metas || (v_pair->1);
            v_schemes := v_schemes || 2::smallint;
          ELSE
            v_text := jsonb_build_array(
              p_stream_id, v_current + k, v_ids[k]::text, v_event->>'type',
              coalesce(v_event->'data', 'null'::jsonb), v_event->'metadata', v_prev_hash)::text;
            v_datas := v_datas || coalesce(v_event->'data', 'null'::jsonb);
            v_metas := v_metas || (v_event->'metadata');
            v_schemes := v_schemes || 1::smallint;
          END IF;
          v_types := v_types || (v_event->>'type');
          v_prev_hash := encode(sha256(convert_to(v_text, 'UTF8')), 'hex');
          v_hashes := v_hashes || v_prev_hash;
        END LOOP;

        INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata, hash, prev_hash, hash_scheme)
        SELECT v_base + k - 1, p_stream_id, v_current + k, v_ids[k], v_types[k], v_datas[k], v_metas[k],
               v_hashes[k], CASE WHEN k = 1 THEN v_chain_start ELSE v_hashes[k - 1] END, v_schemes[k]
          FROM generate_series(1, v_count) AS k;

        IF v_created = 0 THEN
          UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream_id;
        END IF;
        -- An assignment, not PERFORM (a statement); the answer as the function's row, not RETURN QUERY.
        v_text := set_config('es.tx_offset', (v_offset + v_count)::text, true);

        next_revision := v_current + v_count;
        last_position := v_base + v_count - 1;
        written := true;
        RETURN NEXT;
      END
      $fn$;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(ES_APPEND_SCHEME_2);
  }
}
