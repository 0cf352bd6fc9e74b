import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { INSTANT } from '../shared/http/openapi';
import { INSTRUMENTS } from '../teachers/teacher.events';
import { SKILL_LEVELS } from './student.events';

@ApiSchema({ name: 'Student' })
export class StudentResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', description: "the family: its parent's account" }) parentId!: string;
  @ApiProperty({ type: String }) firstName!: string;
  @ApiProperty({ type: String }) lastName!: string;
  @ApiProperty({
    type: String,
    example: '2016-05-14',
    description: 'YYYY-MM-DD, or [erased] once the family is forgotten',
  })
  dateOfBirth!: string;
  @ApiProperty({ enum: INSTRUMENTS, enumName: 'Instrument' }) instrument!: string;
  @ApiProperty({ enum: SKILL_LEVELS, enumName: 'SkillLevel' }) skillLevel!: string;
  @ApiProperty({ type: Number, description: 'CAD per lesson (dollars, two decimals at most)', example: 45 })
  lessonRate!: number;
  @ApiProperty({ type: Number, example: 30 }) lessonDurationMinutes!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teacherId!: string | null;
  @ApiProperty({ type: Boolean, description: 'false once withdrawn' }) active!: boolean;
  @ApiProperty({ type: Number, description: 'unused makeup credits' }) makeupCredits!: number;
  @ApiProperty(INSTANT) enrolledAt!: string;
}
