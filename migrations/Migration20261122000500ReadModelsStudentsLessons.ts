import { Migration } from '@mikro-orm/migrations';

/** Read models: students (with their teacher and makeup credits) and lessons (lists, calendars). */
export class Migration20261122000500ReadModelsStudentsLessons extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE students (
        id uuid PRIMARY KEY,
        parent_id uuid NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        date_of_birth date NOT NULL,
        instrument text NOT NULL,
        skill_level text NOT NULL,
        lesson_rate_cents integer NOT NULL,
        lesson_duration_minutes integer NOT NULL,
        teacher_id uuid NULL,
        active boolean NOT NULL DEFAULT true,
        makeup_credits integer NOT NULL DEFAULT 0,
        enrolled_at timestamptz NOT NULL
      );
      CREATE INDEX students_teacher_idx ON students (teacher_id);
      CREATE INDEX students_parent_idx ON students (parent_id);

      CREATE TABLE lessons (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL,
        teacher_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        lesson_type text NOT NULL,
        status text NOT NULL,
        series_id uuid NULL,
        notes text NULL,
        completion_notes text NULL,
        cancel_reason text NULL,
        makeup_credit boolean NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX lessons_teacher_time_idx ON lessons (teacher_id, starts_at);
      CREATE INDEX lessons_student_time_idx ON lessons (student_id, starts_at);
      CREATE INDEX lessons_time_idx ON lessons (starts_at, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS lessons; DROP TABLE IF EXISTS students;');
  }
}
