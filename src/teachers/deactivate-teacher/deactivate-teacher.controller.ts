import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { ExecutionResult } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { ApiProblems } from '../../shared/http/openapi';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { DeactivateTeacherDto } from '../teacher.dto';
import { TeacherResponse } from '../teacher.response';
import { TeacherEvent } from '../teacher.events';
import { DeactivateTeacher, ReactivateTeacher } from './deactivate-teacher.handler';
import { GetTeacherHandover, TeacherHandover } from './handover.query';
import { TeacherHandoverDto } from './handover.dto';

/** A teacher leaving the academy (and, should they come back, returning). Admins only. */
@ApiTags('teachers')
@ApiBearerAuth()
@Controller('api/v1/teachers')
export class DeactivateTeacherController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'deactivateTeacher',
    summary: 'Deactivate a teacher who is leaving',
    description:
      'The teacher is no longer matched to enrollments, listed publicly or bookable. ' +
      'Their students are matched to another teacher with room, or wait for one; each family gets one email. ' +
      'Booked lessons are not cancelled: the answer lists those still to come for the office to let go ahead or ' +
      'cancel. Repeating it changes nothing.',
  })
  @ApiOkResponse({ type: TeacherHandoverDto })
  @ApiProblems([400, 'a malformed id or reason'], 401, 403, [404, 'no such teacher'], 409, 503)
  async deactivate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DeactivateTeacherDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<TeacherHandover> {
    await this.queries.execute(new GetTeacher(viewer, id));
    await this.commands.execute<DeactivateTeacher, ExecutionResult<TeacherEvent>>(
      new DeactivateTeacher({ teacherId: id, reason: body.reason ?? null }, this.contexts.create()),
    );
    return this.handoverWhenSettled(id);
  }

  @Get(':id/handover')
  @Roles('admin')
  @ApiOperation({
    operationId: 'getTeacherHandover',
    summary: "What a teacher leaves to settle: their lessons still to come, and their former students' teachers now",
  })
  @ApiOkResponse({ type: TeacherHandoverDto })
  @ApiProblems([400, 'a malformed id'], 401, 403, [404, 'no such teacher'])
  handover(@Param('id', new ParseUUIDPipe()) id: string): Promise<TeacherHandover> {
    return this.queries.execute(new GetTeacherHandover(id));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'reactivateTeacher',
    summary: 'Reactivate a teacher who came back',
    description:
      'Matched, listed and bookable again, with no students: former students keep the teachers they have now.',
  })
  @ApiOkResponse({ type: TeacherResponse })
  @ApiProblems([400, 'a malformed id'], 401, 403, [404, 'no such teacher'], 409, 503)
  async reactivate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<TeacherView> {
    await this.queries.execute(new GetTeacher(viewer, id));
    const result = await this.commands.execute<ReactivateTeacher, ExecutionResult<TeacherEvent>>(
      new ReactivateTeacher({ teacherId: id }, this.contexts.create()),
    );
    await this.subscriptions.waitFor('teachers', result.position);
    return this.queries.execute(new GetTeacher(viewer, id));
  }

  private async handoverWhenSettled(id: string): Promise<TeacherHandover> {
    for (const model of ['teachers', 'students', 'lessons']) await this.subscriptions.waitUntilCaughtUp(model);
    return this.queries.execute(new GetTeacherHandover(id));
  }
}
