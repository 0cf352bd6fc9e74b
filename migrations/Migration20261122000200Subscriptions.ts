import { Migration } from '@mikro-orm/migrations';

/** Checkpoints and parked events of projections and sagas; password hashes (kept out of the log). */
export class Migration20261122000200Subscriptions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE subscription_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE subscription_parked (
        id bigserial PRIMARY KEY,
        subscription text NOT NULL,
        position bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        stream_id text NOT NULL,
        error text NOT NULL,
        attempts int NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscription_parked_event_key UNIQUE (subscription, event_id)
      );

      CREATE TABLE user_credentials (
        user_id uuid PRIMARY KEY,
        password_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP TABLE IF EXISTS user_credentials; DROP TABLE IF EXISTS subscription_parked; DROP TABLE IF EXISTS subscription_checkpoints;',
    );
  }
}
