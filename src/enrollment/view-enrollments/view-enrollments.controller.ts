import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { GetEnrollment, ListEnrollments } from '../../../projections/enrollments/enrollments.queries';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';

const STATUSES = ['pending', 'running', 'awaiting-family-confirmation', 'completed', 'rejected', 'waitlisted', 'failed', 'declined', 'expired'] as const;

export class ListEnrollmentsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller('api/v1/enrollments')
export class ViewEnrollmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin', 'parent')
  @ApiOkResponse({ description: 'Enrollments in arrival order, filtered by status: every one for admins, their own family\'s for a parent' })
  list(@Query() q: ListEnrollmentsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new ListEnrollments(viewer, { status: q.status, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }));
  }

  @Get(':id')
  @Roles('admin', 'parent')
  @ApiOkResponse({ description: '{enrollmentId, status, reason?, studentId?, parentId?, teacherId?, demoLesson?, steps}' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetEnrollment(viewer, id));
  }
}
