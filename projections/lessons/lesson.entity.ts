import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'lessons' })
@Index({ name: 'lessons_teacher_time_idx', properties: ['teacherId', 'startsAt'] })
@Index({ name: 'lessons_student_time_idx', properties: ['studentId', 'startsAt'] })
@Index({ name: 'lessons_time_idx', properties: ['startsAt', 'id'] })
@Index({ name: 'lessons_series_time_idx', properties: ['seriesId', 'startsAt'] })
export class LessonRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  studentId!: string;

  @Property({ type: 'uuid' })
  teacherId!: string;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Property({ type: 'timestamptz' })
  endsAt!: Date;

  @Property({ type: 'integer' })
  durationMinutes!: number;

  @Property({ type: 'text' })
  lessonType!: string;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'uuid', nullable: true })
  seriesId: string | null = null;

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Property({ type: 'text', nullable: true })
  completionNotes: string | null = null;

  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  @Property({ type: 'boolean', nullable: true })
  makeupCredit: boolean | null = null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
