import { Migration } from '@mikro-orm/migrations';

/**
 * es_append_batch(): several appends (to distinct streams) in one statement and one commit,
 * each exactly as es_append() does it, each in its own savepoint, so that one append's refusal
 * (wrong expected revision, reused event ids…) is returned for that append alone and undoes
 * nothing of the others. The store sends appends that arrive while others are in flight this
 * way: one round trip and one WAL flush for many (docs/benchmarks.md §1).
 */
export class Migration20261122001600AppendBatch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION es_append_batch(p_appends jsonb)
      RETURNS TABLE (ord int, next_revision bigint, last_position bigint, written boolean,
                     error_code text, error_message text, error_detail text, error_constraint text)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_item record;
        v_result record;
      BEGIN
        FOR v_item IN SELECT a.value, a.ordinality::int AS n FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a LOOP
          ord := v_item.n;
          error_code := NULL; error_message := NULL; error_detail := NULL; error_constraint := NULL;
          BEGIN
            SELECT * INTO v_result FROM es_append(v_item.value->>'stream', v_item.value->>'expected', v_item.value->'events');
            next_revision := v_result.next_revision;
            last_position := v_result.last_position;
            written := v_result.written;
          EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS error_code = RETURNED_SQLSTATE, error_message = MESSAGE_TEXT,
                                    error_detail = PG_EXCEPTION_DETAIL, error_constraint = CONSTRAINT_NAME;
            next_revision := NULL; last_position := NULL; written := false;
          END;
          RETURN NEXT;
        END LOOP;
      END
      $fn$;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP FUNCTION IF EXISTS es_append_batch(jsonb);');
  }
}
