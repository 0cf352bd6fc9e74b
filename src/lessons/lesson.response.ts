import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT, ProblemDto } from '../shared/http/openapi';
import { LESSON_STATUSES, LESSON_TYPES } from './lesson.events';

@ApiSchema({ name: 'Lesson' })
export class LessonResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) teacherId!: string;
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
  @ApiProperty({ type: Number, example: 30 }) durationMinutes!: number;
  @ApiProperty({ enum: LESSON_TYPES, enumName: 'LessonType' }) lessonType!: (typeof LESSON_TYPES)[number];
  @ApiProperty({ enum: LESSON_STATUSES, enumName: 'LessonStatus' }) status!: (typeof LESSON_STATUSES)[number];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the recurring series it belongs to' })
  seriesId!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the teacher's notes on completion" }) completionNotes!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'once cancelled: whether the cancellation earned a makeup credit',
  })
  makeupCredit!: boolean | null;
}

@ApiSchema({ name: 'CancelledLesson' })
export class CancelledLessonResponse extends LessonResponse {
  @ApiProperty({ type: Boolean, description: 'whether the cancellation earned a makeup lesson' })
  declare makeupCredit: boolean;
}

/** A lesson as booking answers it (the fields a new lesson has). */
@ApiSchema({ name: 'ScheduledLesson' })
export class ScheduledLessonResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
  @ApiProperty({ type: String, format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
  @ApiProperty({ enum: ['scheduled'] }) status!: 'scheduled';
  @ApiProperty({ enum: LESSON_TYPES, enumName: 'LessonType' }) lessonType!: (typeof LESSON_TYPES)[number];
  @ApiProperty({ type: Number }) durationMinutes!: number;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'shared by the lessons of one recurring booking',
  })
  seriesId!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
}

export class ScheduledLessonsResponse {
  @ApiProperty({
    type: ScheduledLessonResponse,
    isArray: true,
    description: 'one lesson, or every lesson of the series',
  })
  lessons!: ScheduledLessonResponse[];
}

export class SlotResponse {
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
}

export class SlotConflictResponse {
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
  @ApiProperty({ enum: ['outside-availability', 'teacher-busy', 'student-busy'] }) reason!:
    'outside-availability' | 'teacher-busy' | 'student-busy';
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'admins only: the lesson it collides with' })
  lessonId?: string;
}

/** A free slot of a teacher: where a booking could go instead, or one the public site shows. */
@ApiSchema({ name: 'Timeslot' })
export class TimeslotResponse {
  @ApiProperty({ type: String, format: 'uuid' }) teacherId!: string;
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
}

export class AvailabilityCheckResponse {
  @ApiProperty({ type: Boolean }) available!: boolean;
  @ApiProperty({ type: String, format: 'uuid', description: 'the teacher it was checked with' }) teacherId!: string;
  @ApiProperty({ type: SlotResponse, isArray: true, description: 'every occurrence asked for' }) slots!: SlotResponse[];
  @ApiProperty({ type: SlotConflictResponse, isArray: true }) conflicts!: SlotConflictResponse[];
  @ApiProperty({
    type: TimeslotResponse,
    isArray: true,
    description: 'the nearest free slots, same teacher first (when not available)',
  })
  alternatives!: TimeslotResponse[];
}

/** 409 of a booking or a move: which dates collide, and where it could go instead. */
@ApiSchema({ name: 'SchedulingConflictProblem' })
export class SchedulingConflictProblemDto extends ProblemDto {
  @ApiPropertyOptional({
    type: SlotConflictResponse,
    isArray: true,
    description: 'SCHEDULING_CONFLICT: every colliding occurrence',
  })
  conflicts?: SlotConflictResponse[];
  @ApiPropertyOptional({
    type: TimeslotResponse,
    isArray: true,
    description: 'SCHEDULING_CONFLICT: the nearest free slots',
  })
  alternatives?: TimeslotResponse[];
}

export class ScheduleDayResponse {
  @ApiProperty({ type: String, format: 'date', example: '2026-11-02', description: "the day in the academy's zone" })
  date!: string;
  @ApiProperty({ type: LessonResponse, isArray: true }) lessons!: LessonResponse[];
  @ApiProperty({ type: SlotResponse, isArray: true }) freeSlots!: SlotResponse[];
}

export class ScheduleViewResponse {
  @ApiProperty({ type: String, format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: String, example: 'America/Halifax' }) timeZone!: string;
  @ApiProperty({ type: ScheduleDayResponse, isArray: true }) days!: ScheduleDayResponse[];
}

export class CalendarSubscriptionResponse {
  @ApiProperty({ type: String, format: 'uri', description: 'PUBLIC_URL/api/v1/calendars/<token>.ics: shown once' })
  url!: string;
  @ApiProperty({ type: String, format: 'uri', description: 'the same as webcal:' }) webcalUrl!: string;
}

/** An iCalendar answer. */
export const ICALENDAR = { 'text/calendar': { schema: { type: 'string', description: 'iCalendar (RFC 5545)' } } };
