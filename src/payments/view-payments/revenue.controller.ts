import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RevenueReportResponse } from '../payment.response';
import { Matches } from 'class-validator';
import { DateTime } from 'luxon';
import { Inject } from '@nestjs/common';
import { GetRevenueReport, RevenueReport } from '../../../projections/payments/revenue.queries';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Roles } from '../../identity/auth/auth.decorators';
import { invalid } from '../../shared/domain-error';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const MAX_DAYS = 3 * 366;

export class RevenueQueryDto {
  @ApiProperty({ description: 'first day (YYYY-MM-DD, academy time) or an instant with offset', example: '2026-11-01' })
  @Matches(DAY_OR_INSTANT, { message: 'from must be a date (YYYY-MM-DD) or an ISO-8601 instant with an offset' })
  from!: string;

  @ApiProperty({ description: 'last day, inclusive (YYYY-MM-DD) or an instant (exclusive)', example: '2026-11-30' })
  @Matches(DAY_OR_INSTANT, { message: 'to must be a date (YYYY-MM-DD) or an ISO-8601 instant with an offset' })
  to!: string;
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class RevenueController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('revenue')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'getRevenueReport', summary: 'Charged, refunded and net revenue in a range' })
  @ApiOkResponse({
    description:
      'Charged, refunded and net revenue in the range: totals, by day, by month, by instrument, by teacher ' +
      '(admins; auditors, to reconcile with the log)',
    type: RevenueReportResponse,
  })
  @ApiProblems(
    [400, 'from or to is not a date or an instant, to is not after from, or the range is longer than 3 years'],
    401,
    403,
  )
  revenue(@Query() q: RevenueQueryDto): Promise<RevenueReport> {
    const zone = this.config.academyTimezone;
    const bound = (value: string, end: boolean) => {
      const dt =
        value.length === 10
          ? DateTime.fromISO(value, { zone }).plus({ days: end ? 1 : 0 })
          : DateTime.fromISO(value, { setZone: true });
      if (!dt.isValid) throw invalid('INVALID_DATE', `${end ? 'to' : 'from'} is not a real date: ${value}`);
      return dt.toJSDate();
    };
    const from = bound(q.from, false);
    const to = bound(q.to, true);
    if (to <= from) throw invalid('INVALID_RANGE', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
      throw invalid('RANGE_TOO_LONG', `a report covers at most ${MAX_DAYS} days`);
    return this.queries.execute(new GetRevenueReport(from, to));
  }
}
