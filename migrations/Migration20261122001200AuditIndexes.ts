import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log's filters, each walked in global order for keyset paging: by actor (the
 * system actor alone has most events, so its index carries the position), by the instant an
 * event occurred, and by correlation id in log order.
 */
export class Migration20261122001200AuditIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE INDEX es_events_actor_position_idx ON es_events ((metadata->'actor'->>'id'), position);
      CREATE INDEX es_events_occurred_at_idx ON es_events ((metadata->>'occurredAt'));
      CREATE INDEX es_events_correlation_position_idx ON es_events ((metadata->>'correlationId'), position);
      DROP INDEX IF EXISTS es_events_correlation_idx;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      CREATE INDEX IF NOT EXISTS es_events_correlation_idx ON es_events ((metadata->>'correlationId'));
      DROP INDEX IF EXISTS es_events_correlation_position_idx;
      DROP INDEX IF EXISTS es_events_occurred_at_idx;
      DROP INDEX IF EXISTS es_events_actor_position_idx;
    `);
  }
}
