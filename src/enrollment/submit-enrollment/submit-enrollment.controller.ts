import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { enrollmentFollowToken, enrollmentFollowUrl } from '../follow-enrollment/follow-token';
import { createHash } from 'node:crypto';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { SubmittedEnrollmentResponse } from '../enrollment.response';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Public } from '../../identity/auth/auth.decorators';
import { RateLimit } from '../../shared/http/rate-limit';
import { TimeOfDay } from '../../scheduling/academy-time';
import { Weekday } from '../../teachers/availability';
import { Instrument } from '../../teachers/teacher.events';
import { SubmitEnrollmentDto } from './submit-enrollment.dto';
import { SubmitEnrollment, SubmitEnrollmentResult } from './submit-enrollment.handler';

/**
 * The public website's enrollment form (parents signed in and admins use it too). The workflow runs from the
 * stored event.
 */
@ApiTags('enrollments')
@Controller('api/v1/enrollments')
export class SubmitEnrollmentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(202)
  @RateLimit('enrollment')
  @ApiOperation({ operationId: 'submitEnrollment', summary: 'The public enrollment form' })
  @ApiAcceptedResponse({
    description: 'recorded (status pending): follow it at GET /api/v1/enrollments/{id}',
    type: SubmittedEnrollmentResponse,
  })
  @ApiOkResponse({
    description: 'the same family, child and instrument already have this enrollment going or done',
    type: SubmittedEnrollmentResponse,
  })
  @ApiProblems(
    [400, "a field is missing or malformed (one message per field), or (signed in as a parent) another family's email"],
    [429, 'too many enrollments from this address; Retry-After says when to try again'],
    503,
  )
  async submit(
    @Body() body: SubmitEnrollmentDto,
    @CurrentUser() caller: AuthenticatedUser | undefined,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
    @Headers('idempotency-key') key?: string,
  ) {
    // Anonymous callers share one actor: the key alone must not make two families' forms one.
    const ctx = this.contexts.create(
      key === undefined ? undefined : `${key}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`,
    );
    const result: SubmitEnrollmentResult = await this.commands.execute(
      new SubmitEnrollment(
        {
          studentFirstName: body.studentFirstName.trim(),
          studentLastName: body.studentLastName.trim(),
          studentDateOfBirth: body.studentDateOfBirth,
          studentEmail: body.studentEmail?.trim().toLowerCase() ?? null,
          parentFirstName: body.parentFirstName.trim(),
          parentLastName: body.parentLastName.trim(),
          parentEmail: body.parentEmail.trim().toLowerCase(),
          parentPhone: body.parentPhone,
          instrument: body.instrument as Instrument,
          preferredLessonDay: (body.preferredLessonDay as Weekday | undefined) ?? null,
          preferredLessonTime: (body.preferredLessonTime as TimeOfDay | undefined) ?? null,
          lessonDurationMinutes: body.lessonDuration ?? 30,
          paymentToken: body.paymentToken,
        },
        caller ?? null,
        ctx,
      ),
    );
    if (!result.duplicate) {
      const followUrl = enrollmentFollowUrl(
        this.config.publicUrl,
        result.enrollmentId,
        enrollmentFollowToken(this.config.jwtSecret, result.enrollmentId),
      );
      return { enrollmentId: result.enrollmentId, status: 'pending', followUrl };
    }
    res.status(200);
    // Whether an address has a family account is not the public form's to tell.
    const status =
      result.status === 'awaiting-family-confirmation' && caller?.role !== 'admin' ? 'pending' : result.status;
    return { enrollmentId: result.enrollmentId, status };
  }
}
