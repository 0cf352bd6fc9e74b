import { Migration } from '@mikro-orm/migrations';

/**
 * Each client Idempotency-Key (per caller) with the request it was first used for, as a hash of
 * its route and body: the same key with another request is refused (422), as Stripe does.
 */
export class Migration20261205010002IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE idempotency_keys (
        actor_id text NOT NULL,
        idempotency_key text NOT NULL,
        route text NOT NULL,
        request_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, idempotency_key)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS idempotency_keys;');
  }
}
