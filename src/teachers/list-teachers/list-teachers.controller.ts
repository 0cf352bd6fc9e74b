import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { TeacherResponse } from '../teacher.response';
import { GetTeacher, ListTeachers, TeacherView } from '../../../projections/teachers/teachers.queries';
import { Page, DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { ListTeachersQueryDto } from '../teacher.dto';

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('api/v1/teachers')
export class ListTeachersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'listTeachers', summary: 'Teachers by name' })
  @ApiOkResponse({
    description: 'Teachers by name; admins see all, a teacher sees themself',
    type: PageOf(TeacherResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListTeachersQueryDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Page<TeacherView>> {
    return this.queries.execute(
      new ListTeachers(viewer, { instrument: q.instrument, cursor: q.cursor, limit: q.limit ?? DEFAULT_PAGE_SIZE }),
    );
  }

  @Get(':id')
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'getTeacher', summary: 'One teacher' })
  @ApiOkResponse({ description: 'One teacher', type: TeacherResponse })
  @ApiProblems(400, 401, 403, [404, 'no such teacher, or not you'])
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<TeacherView> {
    return this.queries.execute(new GetTeacher(viewer, id));
  }
}
