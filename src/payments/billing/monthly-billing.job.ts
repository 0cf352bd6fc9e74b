import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../shared/clock';
import { jobCommandContext, JobProvider, ScheduledJob } from '../../jobs/job';
import {
  BillingRunReport,
  chargeMoment,
  nextPeriod,
  RunMonthlyBilling,
  SendPaymentDueNotices,
} from './monthly-billing.handlers';

/**
 * The monthly billing run and the payment-due notices before it, as commands. Each tick (hourly)
 * sends the notices once the notice day is reached and runs the billing once the billing day is;
 * both are keyed by family and period, so running them again changes nothing.
 */
@JobProvider()
@Injectable()
export class MonthlyBillingJob implements ScheduledJob {
  readonly name = 'monthly-billing';
  readonly description =
    'payment-due notices before the billing day, then the run that charges each family for the coming month';
  readonly defaultSchedule = '1h';

  constructor(
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What is due now: notices from N days before the billing day, the run from the billing day. */
  async run(now: Date): Promise<Record<string, number>> {
    const zone = this.config.academyTimezone;
    const period = nextPeriod(now, zone);
    const chargeAt = chargeMoment(period, zone, this.config.billingDayOfMonth);
    const noticeAt = DateTime.fromJSDate(chargeAt).minus({ days: this.config.paymentDueNoticeDays }).toJSDate();
    const counts = { notices: 0, billed: 0 };
    if (now >= noticeAt && now < chargeAt) counts.notices = (await this.sendPaymentDueNotices(period)).notices;
    if (now >= chargeAt) counts.billed = (await this.runMonthlyBilling(period)).requested;
    return counts;
  }

  /** One tick at the clock's time. */
  tick(): Promise<Record<string, number>> {
    return this.run(this.clock.now());
  }

  runMonthlyBilling(period = nextPeriod(this.clock.now(), this.config.academyTimezone)): Promise<BillingRunReport> {
    return this.commandBus.execute(
      new RunMonthlyBilling(period, jobCommandContext('monthly-billing', period, this.clock.now())),
    );
  }

  sendPaymentDueNotices(
    period = nextPeriod(this.clock.now(), this.config.academyTimezone),
  ): Promise<{ period: string; notices: number }> {
    return this.commandBus.execute(
      new SendPaymentDueNotices(period, jobCommandContext('payment-due-notices', period, this.clock.now())),
    );
  }
}
