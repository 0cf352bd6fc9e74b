import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { ExecutionResult } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { ProblemResponseDto } from '../../shared/http/problem-response.dto';
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
  @ApiOkResponse({ description: 'The teacher with the new availability' })
  @ApiResponse({ status: 409, type: ProblemResponseDto, description: 'LESSONS_OUTSIDE_NEW_AVAILABILITY: booked lessons fall outside the new hours; strandedLessons: [{lessonId, startsAt, endsAt, studentId}]' })
  async change(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeAvailabilityDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<TeacherView> {
    await this.queries.execute(new GetTeacher(viewer, id));
    const result = await this.commands.execute<ChangeTeacherAvailability, ExecutionResult<TeacherEvent>>(
      new ChangeTeacherAvailability({ teacherId: id, availability: body.availability, strandedLessons: body.strandedLessons }, this.contexts.create()),
    );
    await this.subscriptions.waitFor('teachers', result.position);
    return this.queries.execute(new GetTeacher(viewer, id));
  }
}
