import { Migration } from '@mikro-orm/migrations';

/** One-time set-password links: only a hash of each token is kept. */
export class Migration20261122000700PasswordTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE password_tokens (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL,
        purpose text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX password_tokens_user_idx ON password_tokens (user_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS password_tokens;');
  }
}
