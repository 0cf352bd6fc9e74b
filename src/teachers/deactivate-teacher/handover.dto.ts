import { ApiProperty } from '@nestjs/swagger';

export class HandoverLessonDto {
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'cancel the rest of a series at POST /api/v1/lessons/series/{seriesId}/cancel',
  })
  seriesId!: string | null;
}

export class HandoverStudentDto {
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "the student's teacher now; null: waiting for a teacher of the instrument with room",
  })
  teacherId!: string | null;
}

export class TeacherHandoverDto {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    type: [HandoverLessonDto],
    description: "the teacher's lessons still to come: they stay booked until the office cancels or moves them",
  })
  futureLessons!: HandoverLessonDto[];
  @ApiProperty({ type: [HandoverStudentDto], description: 'the students the teacher had when deactivated' })
  students!: HandoverStudentDto[];
}
