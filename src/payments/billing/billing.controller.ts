import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { BillingNoticesResponse, BillingRunResponse } from '../payment.response';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '../../identity/auth/auth.decorators';
import { MonthlyBillingJob } from './monthly-billing.job';

export class BillingPeriodDto {
  @ApiPropertyOptional({
    description: 'the month to bill, YYYY-MM; default: next month (academy time)',
    example: '2026-11',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month as YYYY-MM' })
  period?: string;
}

/** The office can run the monthly jobs by hand; running them twice bills and notifies once. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments/billing')
export class BillingController {
  constructor(private readonly job: MonthlyBillingJob) {}

  @Post('run')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ operationId: 'runMonthlyBilling', summary: 'Bill a month now (idempotent)' })
  @ApiOkResponse({
    description: 'charges requested, students billed before, and students skipped with why',
    type: BillingRunResponse,
  })
  @ApiProblems([400, 'period is not a month as YYYY-MM'], 401, 403, 409, 503)
  run(@Body() body: BillingPeriodDto) {
    return this.job.runMonthlyBilling(body.period);
  }

  @Post('notices')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'sendPaymentDueNotices',
    summary: "Send a month's payment-due notices now (idempotent)",
  })
  @ApiOkResponse({ description: 'payment-due notices newly requested', type: BillingNoticesResponse })
  @ApiProblems([400, 'period is not a month as YYYY-MM'], 401, 403, 409, 503)
  notices(@Body() body: BillingPeriodDto) {
    return this.job.sendPaymentDueNotices(body.period);
  }
}
