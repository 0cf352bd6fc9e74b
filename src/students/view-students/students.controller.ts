import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { LessonResponse } from '../../lessons/lesson.response';
import { StudentResponse } from '../student.response';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsDollarAmount } from '../../shared/http/validators';
import { ListLessons } from '../../../projections/lessons/lessons.queries';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { GetStudent, ListStudents, StudentView } from '../../../projections/students/students.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import type { ExecutionResult } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { toCents } from '../../shared/money';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { INSTRUMENTS } from '../../teachers/teacher.events';
import { ChangeStudent } from '../change-student/change-student.command';
import { WithdrawStudent } from '../withdraw-student/withdraw-student.command';
import { SKILL_LEVELS, SkillLevel, StudentEvent } from '../student.events';

export class ListStudentsQueryDto {
  @ApiPropertyOptional({ enum: INSTRUMENTS }) @IsOptional() @IsIn(INSTRUMENTS) instrument?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teacherId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ChangeStudentDto {
  @ApiPropertyOptional({ enum: SKILL_LEVELS }) @IsOptional() @IsIn(SKILL_LEVELS) skillLevel?: SkillLevel;
  @ApiPropertyOptional({ description: 'CAD per lesson, 30 to 200' })
  @IsOptional()
  @IsDollarAmount()
  @Min(30)
  @Max(200)
  lessonRate?: number;
}

@ApiTags('students')
@ApiBearerAuth()
@Controller('api/v1/students')
export class StudentsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Get()
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({ operationId: 'listStudents', summary: 'Students in enrollment order' })
  @ApiOkResponse({
    description: 'Students in enrollment order: admins all, parents their children, teachers their students',
    type: PageOf(StudentResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListStudentsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new ListStudents(viewer, {
        instrument: q.instrument,
        teacherId: q.teacherId,
        active: q.active,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
        cursor: q.cursor,
      }),
    );
  }

  @Get(':id')
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({ operationId: 'getStudent', summary: 'One student' })
  @ApiOkResponse({ description: 'One student', type: StudentResponse })
  @ApiProblems(400, 401, 403, [404, 'no such student, or not yours'])
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<StudentView> {
    return this.queries.execute(new GetStudent(viewer, id));
  }

  @Get(':id/lessons')
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({ operationId: 'listStudentLessons', summary: "A student's lessons by start time" })
  @ApiOkResponse({ description: "The student's lessons by start time", type: PageOf(LessonResponse) })
  @ApiProblems(400, 401, 403, [404, 'no such student, or not yours'])
  async lessons(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('cursor') cursor: string | undefined,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    await this.queries.execute(new GetStudent(viewer, id));
    return this.queries.execute(new ListLessons(viewer, { studentId: id, limit: DEFAULT_PAGE_SIZE, cursor }));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'changeStudent', summary: "Change a student's skill level or lesson rate" })
  @ApiOkResponse({ description: 'The student with the new skill level or lesson rate', type: StudentResponse })
  @ApiProblems(400, 401, 403, [404, 'no such student'], 409, [422, 'the student has withdrawn'], 503)
  async change(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeStudentDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<StudentView> {
    const result = await this.commands.execute<ChangeStudent, ExecutionResult<StudentEvent>>(
      new ChangeStudent(
        id,
        {
          skillLevel: body.skillLevel,
          lessonRateCents: body.lessonRate === undefined ? undefined : (toCents(body.lessonRate) ?? NaN),
        },
        this.contexts.create(),
      ),
    );
    await this.subscriptions.waitFor('students', result.position);
    return this.queries.execute(new GetStudent(viewer, id));
  }

  /** A withdrawal, not an erase: the record stays, future lessons are cancelled, the teacher's seat is freed. */
  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ operationId: 'withdrawStudent', summary: 'Withdraw a student (the record stays)' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiProblems(400, 401, 403, [404, 'no such student'], 409, 503)
  async withdraw(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<void> {
    await this.queries.execute(new GetStudent(viewer, id));
    const result = await this.commands.execute<WithdrawStudent, ExecutionResult<StudentEvent>>(
      new WithdrawStudent(id, this.contexts.create()),
    );
    await this.subscriptions.waitFor('students', result.position);
  }
}
