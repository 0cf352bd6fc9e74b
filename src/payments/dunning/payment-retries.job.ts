import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PaymentRow } from '../../../projections/payments/payment.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { jobCommandContext, JobProvider, ScheduledJob } from '../../jobs/job';
import { Clock } from '../../shared/clock';
import { paymentDecider } from '../payment.decider';
import { paymentStream } from '../payment.events';

const BATCH = 200;

/**
 * Dunning: on every tick, each retry that fell due becomes a RaiseRetryDue command, whose id
 * derives from the payment and the attempt: two ticks, or two instances, raise it once. The
 * workflow then charges the attempt.
 */
@JobProvider()
@Injectable()
export class PaymentRetriesJob implements ScheduledJob {
  readonly name = 'payment-retries';
  readonly description = 'charges again every declined payment whose next retry fell due';
  private readonly logger = new Logger('PaymentRetries');
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** JOB_PAYMENT_RETRIES_SCHEDULE, else every PAYMENT_RETRY_CHECK_SECONDS */
  get defaultSchedule(): string {
    return `${this.config.paymentRetryCheckSeconds}s`;
  }

  async run(now: Date): Promise<Record<string, number>> {
    return { raised: await this.runDueRetries(now) };
  }

  /**
   * Raises every retry due by now; returns how many this call raised. Runs one after another in
   * a process (a call during a tick waits for it, then looks again with the time then).
   */
  runDueRetries(now?: Date): Promise<number> {
    const run = this.last.catch(() => undefined).then(() => this.raiseDue(now ?? this.clock.now()));
    this.last = run;
    return run;
  }

  private async raiseDue(now: Date): Promise<number> {
    let raised = 0;
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const where: Record<string, unknown> = {
        status: 'pending',
        nextRetryAt: { $lte: now },
        nextRetryAttempt: { $ne: null },
      };
      const rows: PaymentRow[] = await this.em.fork().find(
        PaymentRow,
        after
          ? {
              $and: [
                where,
                { $or: [{ nextRetryAt: { $gt: after.at } }, { nextRetryAt: after.at, id: { $gt: after.id } }] },
              ],
            }
          : where,
        { orderBy: { nextRetryAt: 'asc', id: 'asc' }, limit: BATCH },
      );
      for (const row of rows) {
        const attempt = row.nextRetryAttempt!;
        const result = await this.executor.execute(
          paymentStream(row.id),
          paymentDecider,
          { type: 'RaiseRetryDue', paymentId: row.id, attempt, at: now.toISOString() },
          jobCommandContext(this.name, `${row.id}:${attempt}`, now),
        );
        if (result.events.length) raised++;
      }
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1];
      after = { at: last.nextRetryAt!, id: last.id };
    }
    if (raised) this.logger.log(`${raised} payment retries fell due`);
    return raised;
  }
}
