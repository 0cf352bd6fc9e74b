import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { TimeslotResponse } from '../lesson.response';
import { ListPublicTimeslots } from '../../../projections/lessons/schedule.queries';
import { Public } from '../../identity/auth/auth.decorators';
import { TimeslotsQueryDto } from '../lesson.dto';

@ApiTags('lessons')
@Controller('api/v1/public/timeslots')
export class PublicTimeslotsController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'listPublicTimeslots', summary: 'Open lesson slots for the public website' })
  @ApiOkResponse({
    description: 'open slots of teachers of the instrument with room for a student, by start time',
    type: TimeslotResponse,
    isArray: true,
  })
  @ApiProblems([400, 'a field is malformed, `from` is not before `to`, or the range is longer than 62 days'])
  list(@Query() q: TimeslotsQueryDto) {
    return this.queries.execute(
      new ListPublicTimeslots(q.instrument, new Date(q.from), new Date(q.to), q.durationMinutes ?? 30, q.limit ?? 50),
    );
  }
}
