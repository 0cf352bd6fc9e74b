import { Migration } from '@mikro-orm/migrations';

/** Read models: teachers (admin and public lists) and users (sign-in lookups). */
export class Migration20261122000300ReadModelsTeachersUsers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE teachers (
        id uuid PRIMARY KEY,
        user_id uuid NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        first_name_key text NOT NULL,
        last_name_key text NOT NULL,
        email text NOT NULL,
        instruments text[] NOT NULL,
        hourly_rate_cents integer NOT NULL,
        max_students integer NOT NULL,
        current_students integer NOT NULL DEFAULT 0,
        availability jsonb NOT NULL,
        bio text NULL,
        active boolean NOT NULL DEFAULT true,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      );
      CREATE INDEX teachers_name_idx ON teachers (last_name_key, first_name_key, id);
      CREATE INDEX teachers_instruments_idx ON teachers USING gin (instruments);
      CREATE INDEX teachers_user_idx ON teachers (user_id);

      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        role text NOT NULL,
        display_name text NOT NULL,
        teacher_id uuid NULL,
        has_password boolean NOT NULL DEFAULT false,
        registered_at timestamptz NOT NULL
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS users; DROP TABLE IF EXISTS teachers;');
  }
}
