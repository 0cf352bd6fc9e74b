import { Migration } from '@mikro-orm/migrations';

/**
 * es_append, faster on the common path: an append that creates its stream writes the stream row
 * once, at its final revision, instead of inserting it, locking it again and updating it (two
 * statements and a dead row version fewer per new stream; see docs/benchmarks.md, Append).
 * Behaviour is unchanged: same checks, same errors, same idempotent retries.
 */
export class Migration20261122001500EsAppendNewStreams extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
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
        v_base bigint;
        v_mismatch boolean;
        v_created int;
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

        INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata)
        SELECT v_base + e.ord - 1, p_stream_id, v_current + e.ord, (e.value->>'id')::uuid,
               e.value->>'type', e.value->'data', e.value->'metadata'
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
    this.addSql(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected text, p_events jsonb)
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
        v_base bigint;
        v_mismatch boolean;
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

        INSERT INTO es_streams (stream_id, revision) VALUES (p_stream_id, -1) ON CONFLICT DO NOTHING;
        SELECT revision INTO v_current FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;

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

        INSERT INTO es_events (position, stream_id, stream_position, event_id, type, data, metadata)
        SELECT v_base + e.ord - 1, p_stream_id, v_current + e.ord, (e.value->>'id')::uuid,
               e.value->>'type', e.value->'data', e.value->'metadata'
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);

        UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream_id;
        PERFORM set_config('es.tx_offset', (v_offset + v_count)::text, true);

        RETURN QUERY SELECT v_current + v_count, v_base + v_count - 1, true;
      END
      $fn$;
    `);
  }
}
