import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import { CancelledLessonResponse, LessonResponse, SchedulingConflictProblemDto } from './lesson.response';
import { GetLesson } from '../../projections/lessons/lessons.queries';
import { LessonView } from '../../projections/lessons/lesson.view';
import { CommandContextFactory } from '../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Roles } from '../identity/auth/auth.decorators';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { CancelLesson } from './cancel-lesson/cancel-lesson.handler';
import { CompleteLesson, RecordNoShow } from './complete-lesson/complete-lesson.handler';
import { CancelLessonDto, CompleteLessonDto, RescheduleLessonDto } from './lesson.dto';
import { CancellationInitiator } from './lesson.events';
import { FAMILY_BOOKING_NOTICE_MS, inHours, RESCHEDULE_NOTICE_MS } from './notice-periods';
import { RescheduleLesson } from './reschedule-lesson/reschedule-lesson.handler';

/** Changes to one lesson. Who may touch it is decided by the lesson query (404 when not yours). */
@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/lessons')
export class LessonActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  private async settled(lessonId: string, viewer: AuthenticatedUser, position: number): Promise<LessonView> {
    await this.subscriptions.waitFor('lessons', position);
    return this.queries.execute(new GetLesson(viewer, lessonId));
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'rescheduleLesson', summary: 'Move a lesson to a new time' })
  @ApiOkResponse({ description: 'The lesson at its new time', type: LessonResponse })
  @ApiProblems(
    400,
    401,
    403,
    [404, 'no such lesson, or not yours'],
    [
      409,
      'the new time is taken or outside availability (with conflicts and alternatives), or the lesson is no ' +
        'longer scheduled',
      SchedulingConflictProblemDto,
    ],
    [
      422,
      `less than ${inHours(RESCHEDULE_NOTICE_MS)} h before the lesson, a new time in the past, ` +
        `or (for a parent) a new time less than ${inHours(FAMILY_BOOKING_NOTICE_MS)} h ahead`,
    ],
    503,
  )
  async reschedule(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RescheduleLessonDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    await this.queries.execute(new GetLesson(viewer, id));
    const { position } = await this.commands.execute(
      new RescheduleLesson(
        {
          lessonId: id,
          startsAt: new Date(body.startsAt),
          requestedBy: viewer.role === 'parent' ? 'family' : 'academy',
        },
        this.contexts.create(),
      ),
    );
    return this.settled(id, viewer, position);
  }

  /** Admins (for the academy, or on a teacher's behalf), parents (as the family) and the lesson's own teacher. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({ operationId: 'cancelLesson', summary: 'Cancel a lesson' })
  @ApiOkResponse({
    description: 'The cancelled lesson, and whether the cancellation earned a makeup lesson',
    type: CancelledLessonResponse,
  })
  @ApiProblems(
    400,
    401,
    403,
    [404, 'no such lesson, or not yours'],
    [409, 'the lesson is no longer scheduled, or a concurrent change (try again)'],
    503,
  )
  async cancel(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CancelLessonDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    await this.queries.execute(new GetLesson(viewer, id));
    // Who cancels is who is signed in; only the office says on whose behalf it cancels.
    const initiatedBy: CancellationInitiator =
      viewer.role === 'parent' ? 'family' : viewer.role === 'teacher' ? 'teacher' : (body.initiatedBy ?? 'academy');
    const result = await this.commands.execute<CancelLesson, { makeupCredit: boolean; position: number }>(
      new CancelLesson({ lessonId: id, reason: body.reason, initiatedBy }, this.contexts.create()),
    );
    return { ...(await this.settled(id, viewer, result.position)), makeupCredit: result.makeupCredit };
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'completeLesson', summary: 'Mark a lesson as given' })
  @ApiOkResponse({ description: "The completed lesson, with the teacher's notes", type: LessonResponse })
  @ApiProblems(
    400,
    401,
    403,
    [404, 'no such lesson, or not yours'],
    [409, 'the lesson is no longer scheduled'],
    [422, 'the lesson has not started yet'],
    503,
  )
  async complete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompleteLessonDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    await this.queries.execute(new GetLesson(viewer, id));
    const { position } = await this.commands.execute(
      new CompleteLesson({ lessonId: id, notes: body.notes ?? null }, this.contexts.create()),
    );
    return this.settled(id, viewer, position);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'recordNoShow', summary: 'Record that the student did not come' })
  @ApiOkResponse({ description: 'The lesson, marked as a no-show', type: LessonResponse })
  @ApiProblems(
    400,
    401,
    403,
    [404, 'no such lesson, or not yours'],
    [409, 'the lesson is no longer scheduled'],
    [422, 'the lesson has not started yet'],
    503,
  )
  async noShow(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser) {
    await this.queries.execute(new GetLesson(viewer, id));
    const { position } = await this.commands.execute(new RecordNoShow({ lessonId: id }, this.contexts.create()));
    return this.settled(id, viewer, position);
  }
}
