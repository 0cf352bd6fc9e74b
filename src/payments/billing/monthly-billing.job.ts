import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { Clock } from '../../shared/clock';
import { deriveId } from '../../shared/ids';
import { SYSTEM_ACTOR } from '../../shared/request-context';
import { PAYMENT_JOBS_OPTIONS, PaymentJobsOptions } from '../dunning/payment-retries.job';
import { BillingRunReport, chargeMoment, nextPeriod, RunMonthlyBilling, SendPaymentDueNotices } from './monthly-billing';

const INTERVAL_NAME = 'monthly-billing';
const TICK_MS = 60 * 60 * 1000;

/**
 * The monthly billing run and the payment-due notices before it, as commands. Each tick (hourly)
 * sends the notices once the notice day is reached and runs the billing once the billing day is;
 * both are keyed by family and period, so running them again changes nothing.
 */
@Injectable()
export class MonthlyBillingJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MonthlyBilling');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PAYMENT_JOBS_OPTIONS) private readonly options: PaymentJobsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    const timer = setInterval(() => {
      this.tick().catch((err) => this.logger.error(`billing tick failed: ${(err as Error).message}`));
    }, TICK_MS);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
  }

  /** What is due now: notices from N days before the billing day, the run from the billing day. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const zone = this.config.academyTimezone;
    const period = nextPeriod(now, zone);
    const chargeAt = chargeMoment(period, zone, this.config.billingDayOfMonth);
    const noticeAt = DateTime.fromJSDate(chargeAt).minus({ days: this.config.paymentDueNoticeDays }).toJSDate();
    if (now >= noticeAt && now < chargeAt) await this.sendPaymentDueNotices(period);
    if (now >= chargeAt) await this.runMonthlyBilling(period);
  }

  runMonthlyBilling(period = nextPeriod(this.clock.now(), this.config.academyTimezone)): Promise<BillingRunReport> {
    return this.commandBus.execute(new RunMonthlyBilling(period, this.context('monthly-billing', period)));
  }

  sendPaymentDueNotices(period = nextPeriod(this.clock.now(), this.config.academyTimezone)): Promise<{ period: string; notices: number }> {
    return this.commandBus.execute(new SendPaymentDueNotices(period, this.context('payment-due-notices', period)));
  }

  private context(job: string, period: string): CommandContext {
    const id = deriveId(job, period);
    return { commandId: id, correlationId: id, causationId: null, actor: SYSTEM_ACTOR, issuedAt: this.clock.now().toISOString() };
  }
}
