import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in state kept apart from the event log: refresh tokens are secrets (only their hashes are
 * stored) that change on every refresh, and failed sign-ins are counted per email hash. The log
 * records the account facts that matter to an audit (password changes, sessions revoked).
 */
export class Migration20261122001100RefreshTokensLockout extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        revoked_at timestamptz NULL
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

      CREATE TABLE login_failures (
        email_hash text PRIMARY KEY,
        failures int NOT NULL,
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz NULL
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS login_failures; DROP TABLE IF EXISTS refresh_tokens;');
  }
}
