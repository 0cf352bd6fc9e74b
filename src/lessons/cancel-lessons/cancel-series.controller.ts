import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetSeriesLessons } from '../../../projections/lessons/lessons.queries';
import { LessonView } from '../../../projections/lessons/lesson.view';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { ApiProblems } from '../../shared/http/openapi';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { CancellationInitiator } from '../lesson.events';
import { CancelLessons, CancelLessonsResult } from './cancel-lessons.handler';
import { CancelSeriesDto, CancelSeriesResponseDto } from './cancel-series.dto';

/** A whole series, or the rest of it, cancelled as one change. */
@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/lessons/series')
export class CancelSeriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Admins (for the academy, or on someone's behalf), the family's parent, and the series' own teacher: the
   * single-lesson rules.
   */
  @Post(':seriesId/cancel')
  @HttpCode(200)
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({
    operationId: 'cancelLessonSeries',
    summary: 'Cancel a series, or the rest of it',
    description:
      'Cancels every lesson of the series still to come (or those from `from` on); past, completed and already ' +
      'cancelled lessons are left as they are. ' +
      'Each earns a makeup credit by the single-lesson rule, both calendars are freed, and the family and the ' +
      'teacher get one email each listing the cancelled dates. ' +
      'Repeating the request changes nothing and sends nothing.',
  })
  @ApiOkResponse({ type: CancelSeriesResponseDto })
  @ApiProblems([400, 'a malformed id, reason or date'], 401, 403, [404, 'no such series, or not yours'], 409, 503)
  async cancel(
    @Param('seriesId', new ParseUUIDPipe()) seriesId: string,
    @Body() body: CancelSeriesDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<CancelSeriesResponseDto> {
    const lessons = await this.queries.execute<GetSeriesLessons, LessonView[]>(new GetSeriesLessons(viewer, seriesId));
    // Who cancels is who is signed in; only the office says on whose behalf it cancels.
    const initiatedBy: CancellationInitiator =
      viewer.role === 'parent' ? 'family' : viewer.role === 'teacher' ? 'teacher' : (body.initiatedBy ?? 'academy');
    const from = body.from ? new Date(body.from).toISOString() : this.clock.now().toISOString();
    const result = await this.commands.execute<CancelLessons, CancelLessonsResult>(
      new CancelLessons(
        {
          scope: { kind: 'series', seriesId, from },
          lessonIds: lessons.map((l) => l.id),
          reason: body.reason,
          initiatedBy,
        },
        this.contexts.create(),
      ),
    );
    await this.subscriptions.waitUntilCaughtUp('lessons');
    const now = await this.queries.execute<GetSeriesLessons, LessonView[]>(new GetSeriesLessons(viewer, seriesId));
    return {
      seriesId,
      cancelled: result.cancelled.map(({ lessonId, studentId, teacherId, startsAt, makeupCredit }) => ({
        lessonId,
        studentId,
        teacherId,
        startsAt,
        makeupCredit,
      })),
      remaining: now.filter((l) => l.status === 'scheduled').length,
    };
  }
}
