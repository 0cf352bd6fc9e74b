import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT } from '../shared/http/openapi';
import { INSTRUMENTS } from '../teachers/teacher.events';

export const ENROLLMENT_STATUSES = [
  'pending',
  'running',
  'awaiting-family-confirmation',
  'rejected',
  'waitlisted',
  'failed',
  'declined',
  'expired',
  'completed',
] as const;
const STEP_NAMES = [
  'ValidateEnrollment',
  'IdentifyFamily',
  'AwaitFamilyConfirmation',
  'CreateStudentAccount',
  'SetupPaymentMethod',
  'AssignTeacher',
  'ScheduleDemoLesson',
  'SendWelcomeEmails',
];

/** 202: the enrollment is recorded and its workflow runs; 200: the same one already exists. */
export class SubmittedEnrollmentResponse {
  @ApiProperty({ type: String, format: 'uuid' }) enrollmentId!: string;
  @ApiProperty({
    enum: ENROLLMENT_STATUSES,
    enumName: 'EnrollmentStatus',
    description: 'pending for a new one; for a duplicate, where it is',
  })
  status!: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uri',
    description:
      'a new enrollment only: the secret link that follows its progress with no sign-in (GET ' +
      '/api/v1/enrollments/{id}/follow)',
  })
  followUrl?: string;
}

export class EnrollmentStepResponse {
  @ApiProperty({ type: String, example: 'AssignTeacher', description: `one of ${STEP_NAMES.join(', ')}` })
  name!: string;
  @ApiProperty({ enum: ['completed', 'failed', 'waiting', 'skipped'] }) status!:
    'completed' | 'failed' | 'waiting' | 'skipped';
  @ApiProperty(INSTANT) at!: string;
  @ApiPropertyOptional({ type: String }) detail?: string;
}

export class DemoLessonResponse {
  @ApiProperty({ type: String, format: 'uuid' }) lessonId!: string;
  @ApiProperty(INSTANT) startsAt!: string;
}

@ApiSchema({ name: 'Enrollment' })
export class EnrollmentResponse {
  @ApiProperty({ type: String, format: 'uuid' }) enrollmentId!: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES, enumName: 'EnrollmentStatus' }) status!: string;
  @ApiPropertyOptional({ type: String, description: 'why it was rejected, waitlisted or failed' }) reason?: string;
  @ApiProperty({ enum: INSTRUMENTS, enumName: 'Instrument' }) instrument!: string;
  @ApiProperty({ type: String }) studentName!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) studentId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: "the family: its parent's account" })
  parentId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) teacherId?: string;
  @ApiPropertyOptional({ type: String, example: 'ready' }) paymentStatus?: string;
  @ApiPropertyOptional({ type: DemoLessonResponse }) demoLesson?: DemoLessonResponse;
  @ApiPropertyOptional({
    ...INSTANT,
    description: "while held for the family's confirmation: when the request expires",
  })
  confirmBy?: string;
  @ApiProperty({
    type: EnrollmentStepResponse,
    isArray: true,
    description: "the workflow's steps so far, in workflow order",
  })
  steps!: EnrollmentStepResponse[];
  @ApiProperty(INSTANT) submittedAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
}

/** What a family is asked to confirm, and where its answer stands. */
@ApiSchema({ name: 'FamilyConfirmation' })
export class FamilyConfirmationResponse {
  @ApiProperty({ type: String, format: 'uuid' }) enrollmentId!: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES, enumName: 'EnrollmentStatus' }) status!: string;
  @ApiProperty({ type: String }) studentFirstName!: string;
  @ApiProperty({ enum: INSTRUMENTS, enumName: 'Instrument' }) instrument!: string;
  @ApiProperty({ ...INSTANT, nullable: true }) expiresAt!: string | null;
}
