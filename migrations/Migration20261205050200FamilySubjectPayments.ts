import { Migration } from '@mikro-orm/migrations';

/** Payments are tied to their family too: refunds' free text is encrypted under the family's key. */
export class Migration20261205050200FamilySubjectPayments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE family_subjects DROP CONSTRAINT IF EXISTS family_subjects_kind_check;
      ALTER TABLE family_subjects ADD CONSTRAINT family_subjects_kind_check CHECK (kind IN ('student', 'enrollment', 'lesson', 'payment'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DELETE FROM family_subjects WHERE kind = 'payment';
      ALTER TABLE family_subjects DROP CONSTRAINT IF EXISTS family_subjects_kind_check;
      ALTER TABLE family_subjects ADD CONSTRAINT family_subjects_kind_check CHECK (kind IN ('student', 'enrollment', 'lesson'));
    `);
  }
}
