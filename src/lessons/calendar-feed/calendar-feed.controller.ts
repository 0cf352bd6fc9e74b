import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { ICALENDAR } from '../lesson.response';
import { CalendarLesson, ListCalendarLessons } from '../../../projections/lessons/calendar-lessons.query';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { notFound } from '../../shared/domain-error';
import { isUuid } from '../../shared/ids';
import { feedWindow, lessonCalendar } from './lesson-calendar';

/**
 * A teacher's lessons as iCalendar for a signed-in caller (a bearer token). Calendar apps cannot
 * send one: they subscribe to the URL of POST /api/v1/calendar-subscriptions instead.
 */
@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/calendar/teachers')
export class CalendarFeedController {
  constructor(
    private readonly clock: Clock,
    private readonly queries: QueryBus,
  ) {}

  /** A teacher's lessons (30 days back, 180 ahead) as iCalendar. */
  @Get(':file')
  @Roles('admin', 'teacher')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({
    operationId: 'getTeacherCalendar',
    summary: "A teacher's lessons as iCalendar: GET /api/v1/calendar/teachers/{teacherId}.ics",
  })
  @ApiOkResponse({ description: "The teacher's lessons, 30 days back and 180 ahead", content: ICALENDAR })
  @ApiProblems(401, 403, [404, 'no such teacher, not you, or not a {teacherId}.ics path'])
  async feed(@Param('file') file: string, @CurrentUser() viewer: AuthenticatedUser): Promise<string> {
    const teacherId = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!isUuid(teacherId)) throw notFound('CALENDAR_NOT_FOUND', 'ask for /api/v1/calendar/teachers/{teacherId}.ics');
    // The teacher query decides who may see which teacher (404 when not yours).
    const teacher = await this.queries.execute<GetTeacher, TeacherView>(new GetTeacher(viewer, teacherId));
    const { from, to } = feedWindow(this.clock.now());
    const lessons = await this.queries.execute<ListCalendarLessons, CalendarLesson[]>(
      new ListCalendarLessons({ teacherId }, from, to),
    );
    return lessonCalendar(`Cedar Heights lessons — ${teacher.firstName}`, lessons);
  }
}
