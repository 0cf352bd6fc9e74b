import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListPublicTimeslots } from '../../../projections/lessons/lessons.queries';
import { Public } from '../../identity/auth/auth.decorators';
import { TimeslotsQueryDto } from '../lesson.dto';

@ApiTags('public')
@Controller('api/v1/public/timeslots')
export class PublicTimeslotsController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: '[{teacherId, startsAt, endsAt}]: open slots of teachers of the instrument with room for a student' })
  list(@Query() q: TimeslotsQueryDto) {
    return this.queries.execute(new ListPublicTimeslots(q.instrument, new Date(q.from), new Date(q.to), q.durationMinutes ?? 30, q.limit ?? 50));
  }
}
