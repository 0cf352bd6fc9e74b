import { Migration } from '@mikro-orm/migrations';

/**
 * Calendar subscriptions: the secret in a teacher's or a family's calendar URL, which calendar
 * apps poll without signing in. Like refresh tokens these are secrets, not business facts, so
 * they live outside the event log and only their hashes are stored. One per owner: asking again
 * replaces it (the old URL stops answering), deleting it revokes the URL.
 */
export class Migration20261205080001CalendarSubscriptions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE calendar_subscriptions (
        token_hash text PRIMARY KEY,
        owner_kind text NOT NULL CHECK (owner_kind IN ('teacher', 'family')),
        owner_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (owner_kind, owner_id)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS calendar_subscriptions;');
  }
}
