import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { LedgerResponse, PaymentResponse } from '../payment.response';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { GetLedger, GetPayment, ListPayments, PaymentView } from '../../../projections/payments/payments.queries';
import { GetStudent } from '../../../projections/students/students.queries';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled', 'refunded'] as const;

class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ListPaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() studentId?: string;
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES }) @IsOptional() @IsIn(PAYMENT_STATUSES) status?: string;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a family (its parent account); parents always see their own' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() studentId?: string;
}

/**
 * Payments are seen by the office (all) and by parents (their family's). Teachers see none:
 * what a family pays is not their business. Auditors read every ledger (amounts and ids, to
 * reconcile with the log), not the payments with their descriptions.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1')
export class PaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('payments')
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'listPayments', summary: 'Payments, newest first' })
  @ApiOkResponse({
    description: "Payments, newest first: admins all, parents their family's",
    type: PageOf(PaymentResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListPaymentsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new ListPayments(viewer, {
        studentId: q.studentId,
        status: q.status,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
        cursor: q.cursor,
      }),
    );
  }

  @Get('payments/ledger')
  @Roles('admin', 'parent', 'auditor')
  @ApiOperation({ operationId: 'getLedger', summary: 'Ledger entries with totals' })
  @ApiOkResponse({
    description:
      'Ledger entries (charges and refunds, oldest first: ids, amounts, times) with totals: charged, refunded, ' +
      "balance. Admins and auditors every family's (parentId narrows), parents their own",
    type: LedgerResponse,
  })
  @ApiProblems(400, 401, 403)
  ledger(@Query() q: LedgerQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(
      new GetLedger(viewer, {
        parentId: q.parentId,
        studentId: q.studentId,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
        cursor: q.cursor,
      }),
    );
  }

  @Get('payments/:id')
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'getPayment', summary: 'One payment' })
  @ApiOkResponse({ description: 'One payment', type: PaymentResponse })
  @ApiProblems(400, 401, 403, [404, "no such payment, or not your family's"])
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<PaymentView> {
    return this.queries.execute(new GetPayment(viewer, id));
  }

  @Get('students/:id/payments')
  @Roles('admin', 'parent')
  @ApiOperation({ operationId: 'listStudentPayments', summary: "A student's payments, newest first" })
  @ApiOkResponse({ description: "The student's payments, newest first", type: PageOf(PaymentResponse) })
  @ApiProblems(400, 401, 403, [404, 'no such student, or not yours'])
  async ofStudent(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: PageQueryDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    await this.queries.execute(new GetStudent(viewer, id));
    return this.queries.execute(
      new ListPayments(viewer, { studentId: id, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }),
    );
  }
}
