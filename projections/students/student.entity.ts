import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'students' })
@Index({ name: 'students_teacher_idx', properties: ['teacherId'] })
@Index({ name: 'students_parent_idx', properties: ['parentId'] })
export class StudentRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  parentId!: string;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  /** null once the family was forgotten */
  @Property({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Property({ type: 'text' })
  instrument!: string;

  @Property({ type: 'text' })
  skillLevel!: string;

  @Property({ type: 'integer' })
  lessonRateCents!: number;

  @Property({ type: 'integer' })
  lessonDurationMinutes!: number;

  @Property({ type: 'uuid', nullable: true })
  teacherId: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'integer' })
  makeupCredits: number = 0;

  @Property({ type: 'timestamptz' })
  enrolledAt!: Date;
}
