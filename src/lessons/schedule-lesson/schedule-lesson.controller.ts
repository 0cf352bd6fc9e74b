import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { GetBookableStudent } from '../../../projections/lessons/lessons.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { AvailabilityCheck, BookingService, LessonRequest } from '../booking.service';
import { ScheduleLessonDto } from '../lesson.dto';
import { LessonScheduled } from '../lesson.events';
import { ScheduleLessons } from './schedule-lesson.command';

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
  ) {}

  /** Books one lesson, or a recurring series all or nothing (409 lists every conflicting date). */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'parent')
  @ApiCreatedResponse({ description: '{lessons: [{id, startsAt, endsAt, teacherId, studentId, status, lessonType}]}' })
  @ApiConflictResponse({ description: '{message, conflicts, alternatives: [{teacherId, startsAt, endsAt}]}' })
  @ApiUnprocessableEntityResponse({ description: 'in the past, no teacher assigned, no makeup credit…' })
  async schedule(@Body() body: ScheduleLessonDto, @CurrentUser() viewer: AuthenticatedUser, @Headers('idempotency-key') key?: string) {
    await this.queries.execute(new GetBookableStudent(viewer, body.studentId));
    if (viewer.role === 'parent' && body.lessonType === 'demo') body.lessonType = 'regular';
    const result = await this.commands.execute<ScheduleLessons, { lessons: LessonScheduled['data'][]; position: number }>(
      new ScheduleLessons(toRequest(body), this.contexts.create(key)),
    );
    await this.subscriptions.waitFor('lessons', result.position);
    return { lessons: result.lessons.map(view) };
  }

  @Post('check-conflicts')
  @HttpCode(200)
  @Roles('admin', 'parent')
  @ApiOkResponse({ description: '{available, conflicts, alternatives}' })
  async check(@Body() body: ScheduleLessonDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Omit<AvailabilityCheck, 'teacherId'> & { teacherId: string }> {
    await this.queries.execute(new GetBookableStudent(viewer, body.studentId));
    return this.booking.check(toRequest(body));
  }
}
