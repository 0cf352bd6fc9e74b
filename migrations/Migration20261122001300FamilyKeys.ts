import { Migration } from '@mikro-orm/migrations';

/**
 * Forgetting a family: each family's data key (wrapped with the master key; NULL once the
 * family was forgotten), the students, enrollments and lessons tied to each family, and a
 * student's date of birth that may be erased.
 */
export class Migration20261122001300FamilyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE family_keys (
        family_id uuid PRIMARY KEY,
        wrapped_key bytea NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        forgotten_at timestamptz NULL,
        CONSTRAINT family_keys_key_or_forgotten CHECK ((wrapped_key IS NULL) = (forgotten_at IS NOT NULL))
      );
      CREATE TABLE family_subjects (
        subject_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('student', 'enrollment', 'lesson')),
        family_id uuid NOT NULL
      );
      CREATE INDEX family_subjects_family_idx ON family_subjects (family_id);
      ALTER TABLE students ALTER COLUMN date_of_birth DROP NOT NULL;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS family_subjects; DROP TABLE IF EXISTS family_keys;');
  }
}
