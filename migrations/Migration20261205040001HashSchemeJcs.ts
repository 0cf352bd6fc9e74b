import { Migration } from '@mikro-orm/migrations';

/** es_append as this migration writes it (Migration20261206010001AppendStatements goes back to it). */
export const ES_APPEND_SCHEME_2 = `
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
      RETURNS TABLE (next_revision bigint, last_position bigint, written boolean)
      LANGUAGE plpgsql
      -- Generic plans per connection, never a sequential scan (Migration20261122001500AppendPlans).
      SET enable_seqscan = off
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
        v_datas jsonb[] := '{}';
        v_metas jsonb[] := '{}';
        v_schemes smallint[] := '{}';
        v_pair jsonb;
        v_text text;
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
        -- Scheme 2 (an event sent with "c", the RFC 8785 text of [data, metadata] without its
        -- brackets): SHA-256 of the JCS text of [stream_id, stream_position, event_id, type, data,
        -- metadata, prev_hash], assembled here around "c"; data and metadata are stored from that
        -- very text. Scheme 1 (an event sent with data and metadata): SHA-256 of the jsonb text of
        -- the same array. See docs/audit.md.
        FOR v_event IN SELECT e.value, e.ord FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord) ORDER BY e.ord LOOP
          IF v_event.value ? 'c' THEN
            v_pair := ('[' || (v_event.value->>'c') || ']')::jsonb;
            v_text := '[' || to_json(p_stream_id)::text || ',' || (v_current + v_event.ord)::text || ',"'
                   || ((v_event.value->>'id')::uuid)::text || '",' || to_json(v_event.value->>'type')::text || ','
                   || (v_event.value->>'c') || ',' || coalesce('"' || v_prev_hash || '"', 'null') || ']';
            v_datas := v_datas || (v_pair->0);
            v_metas := v_metas || (v_pair->1);
            v_schemes := v_schemes || 2::smallint;
          ELSE
            v_text := jsonb_build_array(
              p_stream_id, v_current + v_event.ord, ((v_event.value->>'id')::uuid)::text, v_event.value->>'type',
              coalesce(v_event.value->'data', 'null'::jsonb), v_event.value->'metadata', v_prev_hash)::text;
            v_datas := v_datas || coalesce(v_event.value->'data', 'null'::jsonb);
            v_metas := v_metas || (v_event.value->'metadata');
            v_schemes := v_schemes || 1::smallint;
          END IF;
          v_prev_hash := encode(sha256(convert_to(v_text, 'UTF8')), 'hex');
          v_hashes := v_hashes || v_prev_hash;
        END LOOP;

        INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata, hash, prev_hash, hash_scheme)
        SELECT v_base + e.ord - 1, p_stream_id, v_current + e.ord, (e.value->>'id')::uuid,
               e.value->>'type', v_datas[e.ord], v_metas[e.ord],
               v_hashes[e.ord], CASE WHEN e.ord = 1 THEN v_chain_start ELSE v_hashes[e.ord - 1] END, v_schemes[e.ord]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);

        IF v_created = 0 THEN
          UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream_id;
        END IF;
        PERFORM set_config('es.tx_offset', (v_offset + v_count)::text, true);

        RETURN QUERY SELECT v_current + v_count, v_base + v_count - 1, true;
      END
      $fn$;
`;

/**
 * Hash scheme 2: a new event's hash is SHA-256 over the RFC 8785 (JCS) canonical JSON of
 * [stream_id, stream_position, event_id, type, data, metadata, prev_hash], a standard form an
 * auditor implements with any JCS library, instead of PostgreSQL's jsonb text (scheme 1).
 * The appender sends the JCS text of [data, metadata] ("c"); es_append assembles the array's
 * text around it and stores data and metadata parsed from that same text. Events stored so far
 * keep scheme 1 (the column's value for existing rows) and verify as they were written; an
 * appender that sends data and metadata (no "c") still gets scheme 1. docs/audit.md §1.
 */
export class Migration20261205040001HashSchemeJcs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE es_events ADD COLUMN hash_scheme smallint NOT NULL DEFAULT 1;
${ES_APPEND_SCHEME_2}`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
      RETURNS TABLE (next_revision bigint, last_position bigint, written boolean)
      LANGUAGE plpgsql
      SET enable_seqscan = off
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
      ALTER TABLE es_events DROP COLUMN hash_scheme;
    `);
  }
}
