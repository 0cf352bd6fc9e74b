import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { PublicTeacherResponse } from '../teacher.response';
import { ListPublicTeachers, PublicTeacherView } from '../../../projections/teachers/teachers.queries';
import { DEFAULT_PAGE_SIZE, Page } from '../../../projections/paging';
import { Public } from '../../identity/auth/auth.decorators';
import { ListTeachersQueryDto } from '../teacher.dto';

@ApiTags('teachers')
@Controller('api/v1/public/teachers')
export class PublicTeachersController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'listPublicTeachers', summary: 'Active teachers for the public website' })
  @ApiOkResponse({
    description: 'Active teachers for the public website: names, instruments, bio (no emails or rates)',
    type: PageOf(PublicTeacherResponse),
  })
  @ApiProblems(400)
  list(@Query() q: ListTeachersQueryDto): Promise<Page<PublicTeacherView>> {
    return this.queries.execute(
      new ListPublicTeachers({ instrument: q.instrument, cursor: q.cursor, limit: q.limit ?? DEFAULT_PAGE_SIZE }),
    );
  }
}
