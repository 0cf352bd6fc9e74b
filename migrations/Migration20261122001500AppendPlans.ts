import { Migration } from '@mikro-orm/migrations';

/**
 * es_append() planned each of its statements on every call (plan_cache_mode =
 * force_custom_plan), to keep a generic plan made while es_events was small from seq-scanning
 * it forever after. Every statement in it is a lookup by key, so it now keeps its generic plans
 * per connection and forbids sequential scans instead: the same index plans, without the
 * planning. Measured in-server: 253 → 143 µs per single-event append (docs/benchmarks.md §1).
 */
export class Migration20261122001500AppendPlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER FUNCTION es_append(text, text, jsonb) RESET plan_cache_mode;
      ALTER FUNCTION es_append(text, text, jsonb) SET enable_seqscan = off;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER FUNCTION es_append(text, text, jsonb) RESET enable_seqscan;
      ALTER FUNCTION es_append(text, text, jsonb) SET plan_cache_mode = force_custom_plan;
    `);
  }
}
