import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Public } from '../../identity/auth/auth.decorators';
import { RateLimit } from '../../shared/http/rate-limit';
import { deriveId } from '../../shared/ids';
import { TimeOfDay } from '../../scheduling/academy-time';
import { Weekday } from '../../teachers/availability';
import { Instrument } from '../../teachers/teacher.events';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { SubmitEnrollmentDto } from './submit-enrollment.dto';

/** The public website's enrollment form (admins use it too). The workflow runs from the stored event. */
@ApiTags('enrollments')
@Controller('api/v1/enrollments')
export class SubmitEnrollmentController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
  ) {}

  @Public()
  @Post()
  @HttpCode(202)
  @RateLimit('enrollment')
  @ApiAcceptedResponse({ description: '{enrollmentId, status: "pending"}: follow it at GET /api/v1/enrollments/{id}' })
  @ApiBadRequestResponse({ description: 'a field is missing or malformed (one message per field)' })
  @ApiTooManyRequestsResponse({ description: 'too many enrollments from this address; try again later' })
  async submit(@Body() body: SubmitEnrollmentDto, @Headers('idempotency-key') key?: string) {
    // Anonymous callers share one actor: the key alone must not make two families' forms one.
    const ctx = this.contexts.create(key === undefined ? undefined : `${key}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`);
    const enrollmentId = deriveId(ctx.commandId, 'enrollment');
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      {
        type: 'SubmitEnrollment',
        enrollmentId,
        application: {
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
      },
      ctx,
    );
    return { enrollmentId, status: 'pending' };
  }
}
