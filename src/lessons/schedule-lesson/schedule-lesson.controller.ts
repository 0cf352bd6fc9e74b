import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { AvailabilityCheckResponse, ScheduledLessonsResponse, SchedulingConflictProblemDto } from '../lesson.response';
import { GetBookableStudent } from '../../../projections/lessons/lessons.queries';
import { StudentRow } from '../../../projections/students/student.entity';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { ScheduleLessonDto } from '../lesson.dto';
import { LessonScheduled } from '../lesson.events';
import { FAMILY_BOOKING_NOTICE_MS, inHours } from '../notice-periods';
import { CheckLessonAvailability } from './check-availability.handler';
import { AvailabilityCheck, LessonRequest } from './lesson-booking';
import { ScheduleLessons } from './schedule-lesson.handler';

/** A parent books for the family (the family's rules: booking.decider.ts), the office for the academy. */
const toRequest = (body: ScheduleLessonDto, viewer: AuthenticatedUser): LessonRequest => ({
  studentId: body.studentId,
  teacherId: body.teacherId,
  startsAt: new Date(body.startsAt),
  durationMinutes: body.durationMinutes,
  lessonType: body.lessonType ?? 'regular',
  recurrence: body.recurrence,
  notes: body.notes ?? null,
  requestedBy: viewer.role === 'parent' ? 'family' : 'academy',
});

const UNPROCESSABLE =
  'in the past, no teacher assigned, no makeup credit, a teacher of another instrument, ' +
  `or (a parent) less than ${inHours(FAMILY_BOOKING_NOTICE_MS)} h ahead`;

const view = (l: LessonScheduled['data']) => ({
  id: l.lessonId,
  startsAt: l.startsAt,
  endsAt: l.endsAt,
  teacherId: l.teacherId,
  studentId: l.studentId,
  status: 'scheduled',
  lessonType: l.lessonType,
  durationMinutes: l.durationMinutes,
  seriesId: l.seriesId,
  notes: l.notes,
});

@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/lessons')
export class ScheduleLessonController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Books one lesson, or a recurring series all or nothing (409 lists every conflicting date). */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'scheduleLesson', summary: 'Book a lesson, or a recurring series all or nothing' })
  @ApiCreatedResponse({
    description: 'the booked lesson, or every lesson of the series',
    type: ScheduledLessonsResponse,
  })
  @ApiProblems(
    400,
    401,
    [403, "your role may not book, or (a parent) a demo lesson or another teacher than the child's"],
    [404, 'no such student or teacher, or not yours'],
    [
      409,
      'the time is taken or outside availability: every conflicting date, and alternatives',
      SchedulingConflictProblemDto,
    ],
    [422, UNPROCESSABLE],
    503,
  )
  async schedule(
    @Body() body: ScheduleLessonDto,
    @CurrentUser() viewer: AuthenticatedUser,
    @Headers('idempotency-key') key?: string,
  ) {
    await this.bookable(body, viewer);
    const result = await this.commands.execute<
      ScheduleLessons,
      { lessons: LessonScheduled['data'][]; position: number }
    >(new ScheduleLessons(toRequest(body, viewer), this.contexts.create(key)));
    await this.subscriptions.waitFor('lessons', result.position);
    return { lessons: result.lessons.map(view) };
  }

  @Post('check-conflicts')
  @HttpCode(200)
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'checkLessonConflicts', summary: 'Whether a booking would fit, without booking' })
  @ApiOkResponse({
    description: 'whether it fits; if not, the conflicts and alternatives',
    type: AvailabilityCheckResponse,
  })
  @ApiProblems(
    400,
    401,
    [403, "your role may not book, or (a parent) a demo lesson or another teacher than the child's"],
    [404, 'no such student or teacher, or not yours'],
    [422, UNPROCESSABLE],
    503,
  )
  async check(@Body() body: ScheduleLessonDto, @CurrentUser() viewer: AuthenticatedUser): Promise<AvailabilityCheck> {
    await this.bookable(body, viewer);
    return this.queries.execute<CheckLessonAvailability, AvailabilityCheck>(
      new CheckLessonAvailability(toRequest(body, viewer)),
    );
  }

  /** The student is one the caller may book for (a parent: their own child), or 404. */
  private async bookable(body: ScheduleLessonDto, viewer: AuthenticatedUser): Promise<void> {
    await this.queries.execute<GetBookableStudent, StudentRow>(new GetBookableStudent(viewer, body.studentId));
  }
}
