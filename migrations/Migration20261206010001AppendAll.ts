import { Migration } from '@mikro-orm/migrations';

/**
 * es_append_all(): several appends, to one stream or several, made in order in one statement,
 * all or none: the first that es_append() refuses (wrong expected revision, reused event ids…)
 * fails the statement, and with it every append before it. What a workflow step appends is
 * sent this way (PostgresEventStore.inOneCommit): one round trip and one WAL flush for the step,
 * where each append on its own waits for a flush of its own.
 */
export class Migration20261206010001AppendAll extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION es_append_all(p_appends jsonb)
      RETURNS TABLE (ord int, next_revision bigint, last_position bigint, written boolean)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_item record;
        v_result record;
      BEGIN
        FOR v_item IN SELECT a.value, a.ordinality::int AS n FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a LOOP
          SELECT * INTO v_result FROM es_append(v_item.value->>'stream', v_item.value->>'expected', v_item.value->'events');
          ord := v_item.n;
          next_revision := v_result.next_revision;
          last_position := v_result.last_position;
          written := v_result.written;
          RETURN NEXT;
        END LOOP;
      END
      $fn$;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP FUNCTION IF EXISTS es_append_all(jsonb);');
  }
}
