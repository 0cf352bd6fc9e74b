import { Migration } from '@mikro-orm/migrations';

/**
 * The PostgreSQL event store: streams, events, and es_append(), which checks the expected
 * revision, makes retried appends idempotent by event id, numbers events by transaction id
 * so the global log can be read without ever skipping a late commit, and chains every event
 * to the previous one of its stream by a SHA-256 hash (see src/event-store/event-hash.ts).
 */
export class Migration20261122000100EventStore extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE es_streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL
      );

      CREATE TABLE es_events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        stream_position bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        -- sha256 of jsonb_build_array(stream_id, stream_position, event_id, type, data, metadata, prev_hash)
        hash text NOT NULL,
        prev_hash text,
        CONSTRAINT es_events_stream_position_key UNIQUE (stream_id, stream_position)
      );
      CREATE INDEX es_events_type_position_idx ON es_events (type, position);
      CREATE INDEX es_events_correlation_idx ON es_events ((metadata->>'correlationId'));

      CREATE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
      RETURNS TABLE (next_revision bigint, last_position bigint, written boolean)
      LANGUAGE plpgsql
      -- A generic plan cached while es_events was small seq-scans it forever after
      -- (appends slowed from ~800/s to ~300/s within 6,000 appends); plan each call instead.
      SET plan_cache_mode = force_custom_plan
      AS $fn$
      DECLARE
        v_count int := jsonb_array_length(p_events);
        v_ids uuid[];
        v_stored int;
        v_any_stream int;
        v_current bigint;
        v_created int;
        v_base bigint;
        v_mismatch boolean;
        v_prev_hash text;
        v_prev_position bigint;
        v_chain_start text;
        v_hashes text[] := '{}';
        v_event record;
        v_offset int := coalesce(nullif(current_setting('es.tx_offset', true), '')::int, 0);
      BEGIN
        SELECT array_agg((e->>'id')::uuid) INTO v_ids FROM jsonb_array_elements(p_events) AS e;

        -- A retried append (same event ids, same stream) changes nothing. Both counts come from
        -- one statement, hence one snapshot: an identical append committing meanwhile is seen
        -- either whole (a retry) or not at all (then the stream lock below orders the two).
        SELECT count(*) FILTER (WHERE stream_id = p_stream_id), count(*)
          INTO v_stored, v_any_stream
          FROM es_events WHERE event_id = ANY (v_ids);
        IF v_stored = v_count AND v_any_stream = v_count THEN
          RETURN QUERY
            SELECT s.revision, (SELECT max(position) FROM es_events WHERE event_id = ANY (v_ids)), false
              FROM es_streams s WHERE s.stream_id = p_stream_id;
          RETURN;
        END IF;
        IF v_any_stream > 0 THEN
          RAISE EXCEPTION 'event ids of this append are already stored with other events'
            USING ERRCODE = 'CH002';
        END IF;

        -- A new stream is created at its final revision: its row is ours (locked) until commit, and
        -- neither a SELECT ... FOR UPDATE nor an UPDATE is needed. An expected revision that does
        -- not match raises below, which undoes this insert with the rest of the statement.
        INSERT INTO es_streams (stream_id, revision) VALUES (p_stream_id, v_count - 1) ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS v_created = ROW_COUNT;
        IF v_created = 1 THEN
          v_current := -1;
        ELSE
          SELECT revision INTO v_current FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
        END IF;

        v_mismatch := CASE p_expected
                        WHEN 'any' THEN false
                        WHEN 'no_stream' THEN v_current <> -1
                        ELSE v_current <> p_expected::bigint
                      END;
        IF v_mismatch THEN
          -- The stream moved while we waited for its lock: perhaps by this very append.
          IF (SELECT count(*) FROM es_events WHERE event_id = ANY (v_ids) AND stream_id = p_stream_id) = v_count THEN
            RETURN QUERY
              SELECT v_current, (SELECT max(position) FROM es_events WHERE event_id = ANY (v_ids)), false;
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
        FOR v_event IN SELECT e.value, e.ord FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord) ORDER BY e.ord LOOP
          v_prev_hash := encode(sha256(convert_to(jsonb_build_array(
              p_stream_id, v_current + v_event.ord, ((v_event.value->>'id')::uuid)::text, v_event.value->>'type',
              coalesce(v_event.value->'data', 'null'::jsonb), v_event.value->'metadata', v_prev_hash)::text, 'UTF8')), 'hex');
          v_hashes := v_hashes || v_prev_hash;
        END LOOP;

        INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata, hash, prev_hash)
        SELECT v_base + e.ord - 1, p_stream_id, v_current + e.ord, (e.value->>'id')::uuid,
               e.value->>'type', coalesce(e.value->'data', 'null'::jsonb), e.value->'metadata',
               v_hashes[e.ord], CASE WHEN e.ord = 1 THEN v_chain_start ELSE v_hashes[e.ord - 1] END
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);

        IF v_created = 0 THEN
          UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream_id;
        END IF;
        PERFORM set_config('es.tx_offset', (v_offset + v_count)::text, true);

        RETURN QUERY SELECT v_current + v_count, v_base + v_count - 1, true;
      END
      $fn$;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP FUNCTION IF EXISTS es_append(text, text, jsonb); DROP TABLE IF EXISTS es_events; DROP TABLE IF EXISTS es_streams;',
    );
  }
}
