import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE } from '../../../projections/paging';
import { GetLedger, GetPayment, ListPayments, PaymentView } from '../../../projections/payments/payments.queries';
import { GetStudent } from '../../../projections/students/students.queries';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled', 'refunded'] as const;

class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ListPaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() studentId?: string;
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES }) @IsOptional() @IsIn(PAYMENT_STATUSES) status?: string;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a family (its parent account); parents always see their own' }) @IsOptional() @IsUUID() parentId?: string;
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
  @ApiOkResponse({ description: 'Payments, newest first: admins all, parents their family\'s' })
  list(@Query() q: ListPaymentsQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new ListPayments(viewer, { studentId: q.studentId, status: q.status, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }));
  }

  @Get('payments/ledger')
  @Roles('admin', 'parent', 'auditor')
  @ApiOkResponse({ description: 'Ledger entries (charges and refunds, oldest first: ids, amounts, times) with totals: charged, refunded, balance. Admins and auditors every family\'s (parentId narrows), parents their own' })
  ledger(@Query() q: LedgerQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    return this.queries.execute(new GetLedger(viewer, { parentId: q.parentId, studentId: q.studentId, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }));
  }

  @Get('payments/:id')
  @Roles('admin', 'parent')
  @ApiOkResponse({ description: '{id, studentId, amount, currency, status, attempts, stripePaymentIntentId?, receiptSent, …}; 404 when unknown or not yours' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<PaymentView> {
    return this.queries.execute(new GetPayment(viewer, id));
  }

  @Get('students/:id/payments')
  @Roles('admin', 'parent')
  @ApiOkResponse({ description: 'The student\'s payments, newest first (404 when the student is unknown or not yours)' })
  async ofStudent(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: PageQueryDto, @CurrentUser() viewer: AuthenticatedUser) {
    await this.queries.execute(new GetStudent(viewer, id));
    return this.queries.execute(new ListPayments(viewer, { studentId: id, limit: q.limit ?? DEFAULT_PAGE_SIZE, cursor: q.cursor }));
  }
}
