import { Migration } from '@mikro-orm/migrations';

/** When an enrollment held for its family's confirmation expires (the expiry job's index). */
export class Migration20261205050100EnrollmentFamilyConfirmation extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE enrollments ADD COLUMN confirm_by timestamptz NULL;');
    this.addSql('CREATE INDEX enrollments_confirm_by_idx ON enrollments (confirm_by) WHERE confirm_by IS NOT NULL;');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX IF EXISTS enrollments_confirm_by_idx;');
    this.addSql('ALTER TABLE enrollments DROP COLUMN IF EXISTS confirm_by;');
  }
}
