import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { LessonResponse, ScheduleViewResponse } from '../lesson.response';
import { GetLesson, ListLessons } from '../../../projections/lessons/lessons.queries';
import { GetScheduleView } from '../../../projections/lessons/schedule.queries';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { ListLessonsQueryDto, ScheduleViewQueryDto } from '../lesson.dto';

@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/lessons')
export class ListLessonsController {
  constructor(private readonly queries: QueryBus) {}

  // Declared before ':id' so "schedule" is not taken for a lesson id.
  @Get('schedule/view')
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'getTeacherSchedule', summary: "A teacher's days with their lessons and free slots" })
  @ApiOkResponse({
    description: "A teacher's days (academy time) with their lessons and free slots",
    type: ScheduleViewResponse,
  })
  @ApiProblems(
    [400, 'a field is malformed, `from` is not before `to`, or the range is longer than 62 days'],
    401,
    403,
    [404, 'no such teacher, or not you'],
  )
  view(@Query() q: ScheduleViewQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new GetScheduleView(viewer, q.teacherId, new Date(q.from), new Date(q.to), q.slotMinutes ?? 30),
    );
  }

  @Get()
  @Roles('admin', 'teacher', 'parent')
  @ApiOperation({ operationId: 'listLessons', summary: 'Lessons by start time' })
  @ApiOkResponse({
    description: "Lessons by start time: admins all, teachers theirs, parents their children's",
    type: PageOf(LessonResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListLessonsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new ListLessons(viewer, {
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        teacherId: q.teacherId,
        studentId: q.studentId,
        status: q.status,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
        cursor: q.cursor,
      }),
    );
  }

  @Get(':id')
  @Roles('admin', 'teacher', 'parent')
  @ApiOperation({ operationId: 'getLesson', summary: 'One lesson' })
  @ApiOkResponse({ description: 'One lesson', type: LessonResponse })
  @ApiProblems(400, 401, 403, [404, 'no such lesson, or not yours'])
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetLesson(viewer, id));
  }
}
