import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { WeeklyAvailability } from '../../src/teachers/availability';

@Entity({ tableName: 'teachers' })
@Index({ name: 'teachers_name_idx', properties: ['lastNameKey', 'firstNameKey', 'id'] })
export class TeacherRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  /** lower-cased names: the sort and cursor key */
  @Property({ type: 'text' })
  firstNameKey!: string;

  @Property({ type: 'text' })
  lastNameKey!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text[]' })
  instruments!: string[];

  @Property({ type: 'integer' })
  hourlyRateCents!: number;

  @Property({ type: 'integer' })
  maxStudents!: number;

  @Property({ type: 'integer' })
  currentStudents: number = 0;

  @Property({ type: 'jsonb' })
  availability!: WeeklyAvailability;

  @Property({ type: 'text', nullable: true })
  bio: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  /** stream position of the last event applied */
  @Property({ type: 'integer' })
  version!: number;
}
