import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { StrandedLessonsProblemDto, TeacherResponse } from '../teacher.response';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { ExecutionResult } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { ChangeAvailabilityDto } from '../teacher.dto';
import { TeacherEvent } from '../teacher.events';
import { ChangeTeacherAvailability } from './change-availability.command';

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('api/v1/teachers')
export class ChangeAvailabilityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Admins set anyone's availability; a teacher sets their own. */
  @Put(':id/availability')
  @Roles('admin', 'teacher')
  @ApiOperation({ operationId: 'changeTeacherAvailability', summary: "Set a teacher's weekly availability" })
  @ApiOkResponse({ description: 'The teacher with the new availability', type: TeacherResponse })
  @ApiProblems(
    [400, 'a field is malformed, or windows overlap or are not HH:MM'],
    401,
    403,
    [404, 'no such teacher, or not you'],
    [
      409,
      'LESSONS_OUTSIDE_NEW_AVAILABILITY: booked lessons fall outside the new hours (strandedLessons lists them; ' +
        'send strandedLessons "cancel" or "keep" to go on)',
      StrandedLessonsProblemDto,
    ],
    503,
  )
  async change(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeAvailabilityDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<TeacherView> {
    await this.queries.execute(new GetTeacher(viewer, id));
    const result = await this.commands.execute<ChangeTeacherAvailability, ExecutionResult<TeacherEvent>>(
      new ChangeTeacherAvailability(
        { teacherId: id, availability: body.availability, strandedLessons: body.strandedLessons },
        this.contexts.create(),
      ),
    );
    await this.subscriptions.waitFor('teachers', result.position);
    return this.queries.execute(new GetTeacher(viewer, id));
  }
}
