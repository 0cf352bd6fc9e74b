import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export interface EnrollmentStep {
  name: string;
  status: 'completed' | 'failed' | 'waiting' | 'skipped';
  at: string;
  detail?: string;
}

@Entity({ tableName: 'enrollments' })
@Index({ name: 'enrollments_status_idx', properties: ['status', 'submittedAt', 'id'] })
@Index({ name: 'enrollments_parent_idx', properties: ['parentId'] })
export class EnrollmentRow {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'text', nullable: true }) reason: string | null = null;
  @Property({ type: 'text' }) instrument!: string;
  @Property({ type: 'text' }) studentName!: string;
  @Property({ type: 'text' }) parentEmail!: string;
  @Property({ type: 'uuid', nullable: true }) parentId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) studentId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) teacherId: string | null = null;
  @Property({ type: 'text', nullable: true }) customerId: string | null = null;
  @Property({ type: 'text', nullable: true }) paymentStatus: string | null = null;
  @Property({ type: 'uuid', nullable: true }) demoLessonId: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) demoStartsAt: Date | null = null;
  @Property({ type: 'text', nullable: true }) waitlistStage: string | null = null;
  /** while held for the family's confirmation: when the request expires */
  @Property({ type: 'timestamptz', nullable: true }) confirmBy: Date | null = null;
  @Property({ type: 'jsonb' }) steps: EnrollmentStep[] = [];
  @Property({ type: 'timestamptz' }) submittedAt!: Date;
  /** the global position of EnrollmentSubmitted: the order enrollments arrived in */
  @Property({ type: 'bigint' }) arrival!: string;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}
