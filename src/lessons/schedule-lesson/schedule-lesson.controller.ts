import { Body, Controller, ForbiddenException, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { AvailabilityCheckResponse, ScheduledLessonsResponse, SchedulingConflictProblemDto } from '../lesson.response';
import { GetBookableStudent } from '../../../projections/lessons/lessons.queries';
import { StudentRow } from '../../../projections/students/student.entity';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { rejected } from '../../shared/domain-error';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { tooSoonFor } from '../lesson.decider';
import { AvailabilityCheck, BookingService, LessonRequest } from '../booking.service';
import { ScheduleLessonDto } from '../lesson.dto';
import { LessonScheduled } from '../lesson.events';
import { ScheduleLessons } from './schedule-lesson.handler';

const toRequest = (body: ScheduleLessonDto): LessonRequest => ({
  studentId: body.studentId,
  teacherId: body.teacherId,
  startsAt: new Date(body.startsAt),
  durationMinutes: body.durationMinutes,
  lessonType: body.lessonType ?? 'regular',
  recurrence: body.recurrence,
  notes: body.notes ?? null,
});

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
    private readonly booking: BookingService,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
    private readonly clock: Clock,
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
    [
      422,
      'in the past, no teacher assigned, no makeup credit, a teacher of another instrument, or (a parent) less than 24 h ahead',
    ],
    503,
  )
  async schedule(
    @Body() body: ScheduleLessonDto,
    @CurrentUser() viewer: AuthenticatedUser,
    @Headers('idempotency-key') key?: string,
  ) {
    await this.familyRules(body, viewer);
    const result = await this.commands.execute<
      ScheduleLessons,
      { lessons: LessonScheduled['data'][]; position: number }
    >(new ScheduleLessons(toRequest(body), this.contexts.create(key)));
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
    [
      422,
      'in the past, no teacher assigned, no makeup credit, a teacher of another instrument, or (a parent) less than 24 h ahead',
    ],
    503,
  )
  async check(@Body() body: ScheduleLessonDto, @CurrentUser() viewer: AuthenticatedUser): Promise<AvailabilityCheck> {
    await this.familyRules(body, viewer);
    const { calendars: _read, ...result } = await this.booking.check(toRequest(body));
    // Which lessons fill a slot is the academy's business, not another family's.
    if (viewer.role !== 'admin') result.conflicts = result.conflicts.map(({ lessonId: _hidden, ...c }) => c);
    return result;
  }

  /** A parent books for their own child, with the child's own teacher, regular or makeup lessons, more than 24 h ahead. */
  private async familyRules(body: ScheduleLessonDto, viewer: AuthenticatedUser): Promise<void> {
    const student = await this.queries.execute<GetBookableStudent, StudentRow>(
      new GetBookableStudent(viewer, body.studentId),
    );
    if (viewer.role !== 'parent') return;
    if (body.lessonType === 'demo') throw new ForbiddenException('demo lessons are booked by the academy');
    if (body.teacherId && body.teacherId !== student.teacherId)
      throw new ForbiddenException("book with your child's own teacher; ask the office to change teachers");
    if (tooSoonFor('family', body.startsAt, this.clock.now().toISOString())) {
      throw rejected(
        'TOO_LATE_TO_BOOK',
        'families book more than 24 hours ahead; call the office for an earlier lesson',
      );
    }
  }
}
