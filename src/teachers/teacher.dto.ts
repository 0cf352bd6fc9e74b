import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDollarAmount, IsEmailAddress } from '../shared/http/validators';
import { IsWeeklyAvailability } from './availability.validator';
import type { WeeklyAvailability } from './availability';
import { WeeklyAvailabilityDto } from './teacher.response';
import { INSTRUMENTS } from './teacher.events';

const AVAILABILITY_EXAMPLE = {
  monday: [{ start: '15:00', end: '20:00' }],
  saturday: [{ start: '09:00', end: '13:00' }],
};

export class AvailabilityDto {
  @ApiProperty({
    type: WeeklyAvailabilityDto,
    description: 'Weekday → windows in the academy\'s local time ("HH:MM", 24-hour), non-overlapping',
    example: AVAILABILITY_EXAMPLE,
  })
  @IsWeeklyAvailability()
  availability!: WeeklyAvailability;
}

export class ChangeAvailabilityDto extends AvailabilityDto {
  @ApiPropertyOptional({
    enum: ['cancel', 'keep'],
    description:
      'what to do with booked lessons the new hours leave out: "cancel" (makeup credits, ' +
      'families and the teacher told once) or "keep" (they stay as one-offs). ' +
      'Without it such a change answers 409 listing them.',
  })
  @IsOptional()
  @IsIn(['cancel', 'keep'])
  strandedLessons?: 'cancel' | 'keep';
}

export class RegisterTeacherDto extends AvailabilityDto {
  @ApiProperty({ example: 'Clara' })
  @IsString()
  @Length(1, 100)
  firstName!: string;

  @ApiProperty({ example: 'Schumann' })
  @IsString()
  @Length(1, 100)
  lastName!: string;

  @ApiProperty({ example: 'clara@example.com' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: INSTRUMENTS, isArray: true, example: ['piano'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INSTRUMENTS.length)
  @IsIn(INSTRUMENTS, { each: true, message: `each instrument must be one of ${INSTRUMENTS.join(', ')}` })
  instruments!: string[];

  @ApiProperty({ description: 'CAD per hour, 30 to 200', example: 65 })
  @IsDollarAmount()
  @Min(30)
  @Max(200)
  hourlyRate!: number;

  @ApiPropertyOptional({ description: '1 to 50, default 30', example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxStudents?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string;
}

export class ChangeTeacherDetailsDto {
  @ApiPropertyOptional({ description: 'CAD per hour, 30 to 200', example: 70 })
  @IsOptional()
  @IsDollarAmount()
  @Min(30)
  @Max(200)
  hourlyRate?: number;

  @ApiPropertyOptional({ description: "1 to 50, and not below the teacher's current students", example: 25 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxStudents?: number;

  @ApiPropertyOptional({
    enum: INSTRUMENTS,
    isArray: true,
    example: ['piano', 'voice'],
    description: "the whole new list; it keeps the instruments the teacher's students learn",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INSTRUMENTS.length)
  @IsIn(INSTRUMENTS, { each: true, message: `each instrument must be one of ${INSTRUMENTS.join(', ')}` })
  instruments?: string[];

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, description: 'null or "" clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;
}

export class DeactivateTeacherDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'moving to Toronto' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** A teacher as admins see it (GET /api/v1/teachers/:id). */
export class ListTeachersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: "from the previous page's `next`" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ enum: INSTRUMENTS })
  @IsOptional()
  @IsIn(INSTRUMENTS)
  instrument?: string;
}
