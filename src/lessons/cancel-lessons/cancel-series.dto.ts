import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from '../../shared/http/validators';
import { inHours, MAKEUP_CREDIT_NOTICE_MS } from '../notice-periods';

export class CancelSeriesDto {
  @ApiProperty({ maxLength: 500, example: 'moving away at the end of February' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'cancel the lessons starting at or after this instant; default: every lesson still to come (the next one on)',
    example: '2027-03-01T00:00:00-04:00',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({
    enum: ['family', 'teacher'],
    description: 'admins only: who asked for the cancellation (teacher-initiated ones always earn makeup credits)',
  })
  @IsOptional()
  @IsIn(['family', 'teacher'])
  initiatedBy?: 'family' | 'teacher';
}

export class CancelledLessonDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;

  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ format: 'uuid' })
  teacherId!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({
    description:
      'whether this cancellation earned a makeup credit (teacher or academy: always; ' +
      `family: with more than ${inHours(MAKEUP_CREDIT_NOTICE_MS)} h notice)`,
  })
  makeupCredit!: boolean;
}

export class CancelSeriesResponseDto {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;

  @ApiProperty({
    type: [CancelledLessonDto],
    description: 'the lessons this request cancelled, in time order; empty when nothing was left to cancel (a repeat)',
  })
  cancelled!: CancelledLessonDto[];

  @ApiProperty({ description: 'how many lessons of the series are still scheduled' })
  remaining!: number;
}
