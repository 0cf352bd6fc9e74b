import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '../../identity/auth/auth.decorators';
import { ApiProblems } from '../../shared/http/openapi';
import { RateLimit } from '../../shared/http/rate-limit';
import { FollowEnrollment } from './follow-enrollment';
import { FollowView } from './follow-view';

export class FollowTokenDto {
  @ApiProperty({ description: 'the token from the follow link given when the form was sent' })
  @IsString()
  @MaxLength(100)
  token!: string;
}

class FollowDemoLessonDto {
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({
    example: 'Monday 26 October 2026 at 3:00 PM ADT',
    description: "the same instant in the academy's time zone",
  })
  academyTime!: string;
  @ApiProperty({ example: 'America/Halifax' }) timeZone!: string;
}

class FollowProgressDto {
  @ApiProperty({
    enum: [
      'pending',
      'running',
      'awaiting-family-confirmation',
      'rejected',
      'waitlisted',
      'failed',
      'declined',
      'expired',
      'completed',
    ],
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the assigned teacher, once assigned' }) teacherName!:
    string | null;
  @ApiProperty({ type: FollowDemoLessonDto, nullable: true }) demoLesson!: FollowDemoLessonDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was waitlisted, rejected or could not go on' })
  reason!: string | null;
}

export class FollowViewDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId!: string;
  @ApiProperty({ description: 'as the form gave it' }) studentFirstName!: string;
  @ApiProperty({ description: 'as the form gave it' }) instrument!: string;
  @ApiProperty({
    enum: ['received', 'progress'],
    description:
      '"received" until the owner of the parent address answered an email we sent there (set a password from the ' +
      'welcome email, or confirmed the family\'s enrollment); then "progress"',
  })
  stage!: 'received' | 'progress';
  @ApiProperty({ type: FollowProgressDto, nullable: true, description: 'null while stage is "received"' })
  progress!: FollowProgressDto | null;
}

/** An enrollment followed by the secret link the form's answer gave: no sign-in. */
@ApiTags('enrollments')
@Controller('api/v1/enrollments/:id')
export class FollowEnrollmentController {
  constructor(private readonly follow: FollowEnrollment) {}

  @Public()
  @Get('follow')
  @RateLimit('login')
  @ApiOperation({ operationId: 'followEnrollment', summary: 'An enrollment followed by the secret link the form gave' })
  @ApiOkResponse({ type: FollowViewDto, description: 'what may be shown of the enrollment (see docs/privacy.md)' })
  @ApiProblems(400, [404, 'no such enrollment, or the token is wrong'], 429)
  show(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: FollowTokenDto): Promise<FollowView> {
    return this.follow.view(id, q.token);
  }
}
