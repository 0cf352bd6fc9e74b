import { Migration } from '@mikro-orm/migrations';

/**
 * One row per sign-in (the id is the refresh-token family, and the `sid` of every access token
 * of that sign-in). Ending a sign-in sets ended_at; the auth guard looks the sid up by primary
 * key on every request, so a sign-out, a password change or reset, a reused refresh token or a
 * forgotten family refuses the access tokens issued before at once, on every instance.
 *
 * Failed sign-ins are now counted per email and client address (the lock) and per email alone
 * (a slow-down), each row under the hash of its key: the rows counted before (per email, and
 * locking it everywhere) go.
 */
export class Migration20261205020001Sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL
      );
      CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE ended_at IS NULL;
      DELETE FROM login_failures;
      ALTER TABLE login_failures RENAME COLUMN email_hash TO key_hash;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS auth_sessions; ALTER TABLE login_failures RENAME COLUMN key_hash TO email_hash;');
  }
}
