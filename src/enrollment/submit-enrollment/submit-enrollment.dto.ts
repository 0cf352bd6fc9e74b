import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsEmailAddress } from '../../shared/http/validators';
import { INSTRUMENTS } from '../../teachers/teacher.events';

const WEEKDAYS_FOR_LESSONS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export class SubmitEnrollmentDto {
  @ApiProperty({ example: 'Lily' }) @IsString() @Length(1, 100) studentFirstName!: string;
  @ApiProperty({ example: 'Chen' }) @IsString() @Length(1, 100) studentLastName!: string;

  @ApiProperty({ example: '2016-05-14', description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'studentDateOfBirth must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'studentDateOfBirth must be a real date' })
  studentDateOfBirth!: string;

  @ApiPropertyOptional() @IsOptional() @IsEmailAddress() @MaxLength(254) studentEmail?: string;
  @ApiProperty({ example: 'Mei' }) @IsString() @Length(1, 100) parentFirstName!: string;
  @ApiProperty({ example: 'Chen' }) @IsString() @Length(1, 100) parentLastName!: string;
  @ApiProperty({ example: 'mei.chen@example.com' }) @IsEmailAddress() @MaxLength(254) parentEmail!: string;

  @ApiProperty({ example: '+19025550123', description: '10 digits, optionally prefixed +1' })
  @Matches(/^(\+1)?\d{10}$/, { message: 'parentPhone must be 10 digits, optionally prefixed +1' })
  parentPhone!: string;

  @ApiProperty({ enum: INSTRUMENTS })
  @IsIn(INSTRUMENTS, { message: `instrument must be one of ${INSTRUMENTS.join(', ')}` })
  instrument!: string;

  @ApiPropertyOptional({ enum: WEEKDAYS_FOR_LESSONS })
  @IsOptional()
  @IsIn(WEEKDAYS_FOR_LESSONS)
  preferredLessonDay?: string;
  @ApiPropertyOptional({ enum: ['morning', 'afternoon', 'evening'] })
  @IsOptional()
  @IsIn(['morning', 'afternoon', 'evening'])
  preferredLessonTime?: string;
  @ApiPropertyOptional({ minimum: 15, maximum: 60, description: 'minutes; default: 30' })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(60)
  lessonDuration?: number;

  @ApiProperty({
    example: 'pm_card_visa',
    description: 'a Stripe payment method id from Stripe.js (test cards in local mode)',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_]{3,200}$/, { message: 'paymentToken must be a payment method id such as pm_card_visa' })
  paymentToken!: string;

  @ApiProperty({ example: true }) @Equals(true, { message: 'agreedToTerms must be true' }) agreedToTerms!: boolean;
}
