import { Body, Controller, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { ExecutionResult } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { ApiProblems } from '../../shared/http/openapi';
import { toCents } from '../../shared/money';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { ChangeTeacherDetailsDto } from '../teacher.dto';
import { TeacherDetailsProblemDto, TeacherResponse } from '../teacher.response';
import { TeacherEvent } from '../teacher.events';
import { ChangeTeacherDetails } from './change-details.handler';

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('api/v1/teachers')
export class ChangeTeacherDetailsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    operationId: 'changeTeacherDetails',
    summary: "Change a teacher's hourly rate, student limit, instruments or bio",
    description: 'Only the fields sent change; bio null or "" clears it.',
  })
  @ApiOkResponse({ type: TeacherResponse, description: 'The teacher as now stored' })
  @ApiProblems(
    [400, 'a value out of range (rate 30–200, maxStudents 1–50, known instruments)'],
    401,
    403,
    [404, 'no such teacher'],
    [
      409,
      'MAX_STUDENTS_BELOW_CURRENT (with currentStudents) or INSTRUMENT_IN_USE (with instrumentsInUse): ' +
        "the teacher's current students need it",
      TeacherDetailsProblemDto,
    ],
    503,
  )
  async change(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeTeacherDetailsDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<TeacherView> {
    await this.queries.execute(new GetTeacher(viewer, id));
    const result = await this.commands.execute<ChangeTeacherDetails, ExecutionResult<TeacherEvent>>(
      new ChangeTeacherDetails(
        {
          teacherId: id,
          ...(body.hourlyRate !== undefined ? { hourlyRateCents: toCents(body.hourlyRate) ?? NaN } : {}),
          ...(body.maxStudents !== undefined ? { maxStudents: body.maxStudents } : {}),
          ...(body.instruments !== undefined ? { instruments: body.instruments } : {}),
          ...(body.bio !== undefined ? { bio: body.bio } : {}),
        },
        this.contexts.create(),
      ),
    );
    await this.subscriptions.waitFor('teachers', result.position);
    return this.queries.execute(new GetTeacher(viewer, id));
  }
}
