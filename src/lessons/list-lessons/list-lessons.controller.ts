import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetLesson, GetScheduleView, ListLessons } from '../../../projections/lessons/lessons.queries';
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
  @ApiOkResponse({ description: 'A teacher\'s days (academy time) with their lessons and free slots' })
  view(@Query() q: ScheduleViewQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetScheduleView(viewer, q.teacherId, new Date(q.from), new Date(q.to), q.slotMinutes ?? 30));
  }

  @Get()
  @Roles('admin', 'teacher', 'parent')
  @ApiOkResponse({ description: 'Lessons by start time: admins all, teachers theirs, parents their children\'s' })
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
  @ApiOkResponse({ description: 'One lesson (404 when unknown or not yours)' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetLesson(viewer, id));
  }
}
