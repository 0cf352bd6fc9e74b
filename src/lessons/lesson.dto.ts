import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '../shared/http/validators';
import { MAX_OCCURRENCES } from '../scheduling/academy-time';
import { LESSON_STATUSES, LESSON_TYPES } from './lesson.events';

export class RecurrenceDto {
  @ApiProperty({ enum: ['weekly', 'biweekly', 'monthly'] })
  @IsIn(['weekly', 'biweekly', 'monthly'])
  pattern!: 'weekly' | 'biweekly' | 'monthly';

  @ApiProperty({ minimum: 1, maximum: MAX_OCCURRENCES })
  @IsInt()
  @Min(1)
  @Max(MAX_OCCURRENCES)
  occurrences!: number;
}

export class ScheduleLessonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  studentId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "defaults to the student's teacher" })
  @IsOptional()
  @IsUUID()
  teacherId?: string;

  @ApiProperty({ example: '2026-11-02T16:00:00-04:00' })
  @IsInstant()
  startsAt!: string;

  @ApiPropertyOptional({ minimum: 15, maximum: 120, description: "defaults to the student's lesson length" })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(120)
  durationMinutes?: number;

  // The default in words: a `default` keyword would make generated clients require the field.
  @ApiPropertyOptional({ enum: LESSON_TYPES, description: 'default: regular' })
  @IsOptional()
  @IsIn(LESSON_TYPES)
  lessonType?: (typeof LESSON_TYPES)[number];

  @ApiPropertyOptional({ type: RecurrenceDto })
  @IsOptional()
  @IsObject({ message: 'recurrence must be an object {pattern, occurrences}, not a list or a value' })
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class RescheduleLessonDto {
  @ApiProperty({ example: '2026-11-09T16:00:00-04:00' })
  @IsInstant()
  startsAt!: string;
}

export class CancelLessonDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    enum: ['family', 'teacher'],
    description: 'admins only: who asked for the cancellation (teacher-initiated ones always earn a makeup credit)',
  })
  @IsOptional()
  @IsIn(['family', 'teacher'])
  initiatedBy?: 'family' | 'teacher';
}

export class CompleteLessonDto {
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class ListLessonsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teacherId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() studentId?: string;
  @ApiPropertyOptional({ enum: LESSON_STATUSES }) @IsOptional() @IsIn(LESSON_STATUSES) status?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ScheduleViewQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() teacherId!: string;
  @ApiProperty() @IsInstant() from!: string;
  @ApiProperty() @IsInstant() to!: string;
  @ApiPropertyOptional({ minimum: 15, maximum: 120, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(15)
  @Max(120)
  slotMinutes?: number;
}

export class TimeslotsQueryDto {
  @ApiProperty({ enum: ['piano', 'guitar', 'violin', 'drums', 'voice'] })
  @IsIn(['piano', 'guitar', 'violin', 'drums', 'voice'])
  instrument!: string;
  @ApiProperty() @IsInstant() from!: string;
  @ApiProperty() @IsInstant() to!: string;
  @ApiPropertyOptional({ minimum: 15, maximum: 120, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(15)
  @Max(120)
  durationMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
