import { Migration } from '@mikro-orm/migrations';

/** Read model: each enrollment's status and workflow steps. */
export class Migration20261122000800ReadModelEnrollments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE enrollments (
        id uuid PRIMARY KEY,
        status text NOT NULL,
        reason text NULL,
        instrument text NOT NULL,
        student_name text NOT NULL,
        parent_email text NOT NULL,
        parent_id uuid NULL,
        student_id uuid NULL,
        teacher_id uuid NULL,
        customer_id text NULL,
        payment_status text NULL,
        demo_lesson_id uuid NULL,
        demo_starts_at timestamptz NULL,
        waitlist_stage text NULL,
        steps jsonb NOT NULL DEFAULT '[]',
        submitted_at timestamptz NOT NULL,
        arrival bigint NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX enrollments_status_idx ON enrollments (status, arrival);
      CREATE UNIQUE INDEX enrollments_arrival_idx ON enrollments (arrival);
      CREATE INDEX enrollments_parent_idx ON enrollments (parent_id);
      CREATE INDEX enrollments_waitlist_idx ON enrollments (instrument, arrival) WHERE status = 'waitlisted';
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS enrollments;');
  }
}
