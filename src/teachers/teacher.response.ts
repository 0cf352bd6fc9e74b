import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT, ProblemDto } from '../shared/http/openapi';
import { INSTRUMENTS } from './teacher.events';

export class TimeWindowDto {
  @ApiProperty({ type: String, example: '15:00', description: "HH:MM, 24-hour, the academy's local time" })
  start!: string;
  @ApiProperty({ type: String, example: '20:00' }) end!: string;
}

const day = () => ApiPropertyOptional({ type: TimeWindowDto, isArray: true });

/** Weekday → windows in the academy's local time; a day left out has none. */
@ApiSchema({ name: 'WeeklyAvailability' })
export class WeeklyAvailabilityDto {
  @day() monday?: TimeWindowDto[];
  @day() tuesday?: TimeWindowDto[];
  @day() wednesday?: TimeWindowDto[];
  @day() thursday?: TimeWindowDto[];
  @day() friday?: TimeWindowDto[];
  @day() saturday?: TimeWindowDto[];
  @day() sunday?: TimeWindowDto[];
}

@ApiSchema({ name: 'Teacher' })
export class TeacherResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "the teacher's user account" }) userId!:
    string | null;
  @ApiProperty({ type: String }) firstName!: string;
  @ApiProperty({ type: String }) lastName!: string;
  @ApiProperty({ type: String }) email!: string;
  @ApiProperty({ enum: INSTRUMENTS, enumName: 'Instrument', isArray: true }) instruments!: string[];
  @ApiProperty({ type: Number, description: 'CAD per hour (dollars, two decimals at most)', example: 65 })
  hourlyRate!: number;
  @ApiProperty({ type: Number }) maxStudents!: number;
  @ApiProperty({ type: Number }) currentStudents!: number;
  @ApiProperty({ type: WeeklyAvailabilityDto }) availability!: WeeklyAvailabilityDto;
  @ApiProperty({
    type: String,
    example: 'America/Halifax',
    description: "the zone availability times are in (the academy's)",
  })
  availabilityTimeZone!: string;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: Boolean }) active!: boolean;
  @ApiProperty(INSTANT) registeredAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
}

@ApiSchema({ name: 'PublicTeacher' })
export class PublicTeacherResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) firstName!: string;
  @ApiProperty({ type: String }) lastName!: string;
  @ApiProperty({ enum: INSTRUMENTS, enumName: 'Instrument', isArray: true }) instruments!: string[];
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
}

export class RegisteredTeacherResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
}

export class StrandedLessonResponse {
  @ApiProperty({ type: String, format: 'uuid' }) lessonId!: string;
  @ApiProperty(INSTANT) startsAt!: string;
  @ApiProperty(INSTANT) endsAt!: string;
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
}

/** 409 of an availability change: the booked lessons the new hours would leave out. */
@ApiSchema({ name: 'StrandedLessonsProblem' })
export class StrandedLessonsProblemDto extends ProblemDto {
  @ApiPropertyOptional({
    type: StrandedLessonResponse,
    isArray: true,
    description: 'LESSONS_OUTSIDE_NEW_AVAILABILITY: every lesson outside the new hours',
  })
  strandedLessons?: StrandedLessonResponse[];
}

/** 409 of a change of a teacher's details: what the teacher's current students still need. */
@ApiSchema({ name: 'TeacherDetailsProblem' })
export class TeacherDetailsProblemDto extends ProblemDto {
  @ApiPropertyOptional({
    type: Number,
    description: 'MAX_STUDENTS_BELOW_CURRENT: how many students the teacher has now',
  })
  currentStudents?: number;
  @ApiPropertyOptional({
    enum: INSTRUMENTS,
    enumName: 'Instrument',
    isArray: true,
    description: 'INSTRUMENT_IN_USE: the instruments current students learn',
  })
  instrumentsInUse?: string[];
}
