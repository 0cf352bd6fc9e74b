import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { EnrollmentResponse } from '../enrollment.response';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { GetEnrollment, ListEnrollments } from '../../../projections/enrollments/enrollments.queries';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';

const STATUSES = [
  'pending',
  'running',
  'awaiting-family-confirmation',
  'completed',
  'rejected',
  'waitlisted',
  'failed',
  'declined',
  'expired',
] as const;

export class ListEnrollmentsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller('api/v1/enrollments')
export class ViewEnrollmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'listEnrollments', summary: 'Enrollments in arrival order' })
  @ApiOkResponse({
    description:
      "Enrollments in arrival order, filtered by status: every one for admins, their own family's for a parent",
    type: PageOf(EnrollmentResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListEnrollmentsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new ListEnrollments(viewer, { status: q.status, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }),
    );
  }

  @Get(':id')
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'getEnrollment', summary: "One enrollment and its workflow's steps" })
  @ApiOkResponse({ description: "The enrollment and its workflow's steps so far", type: EnrollmentResponse })
  @ApiProblems(400, 401, 403, [404, "no such enrollment, or not your family's"])
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetEnrollment(viewer, id));
  }
}
