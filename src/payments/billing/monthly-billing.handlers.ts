import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { FamilyPaymentMethodRow } from '../../../projections/payments/payment.entity';
import { UserRow } from '../../../projections/users/user.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { invalid } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { paymentDecider } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { formatCad } from '../format-cad';
import { BillItem, billItems, billTotalCents, describeItems, describePayment, splitBill } from './bill';

/** A billing period: one calendar month in academy time, as YYYY-MM. */
export function periodRange(period: string, zone: string): { start: Date; end: Date; label: string } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw invalid('INVALID_PERIOD', 'period must be a month as YYYY-MM');
  const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone });
  return {
    start: start.toJSDate(),
    end: start.plus({ months: 1 }).toJSDate(),
    label: start.setLocale('en-US').toFormat('LLLL yyyy'),
  };
}

/** The month after `at`, in academy time. */
export const nextPeriod = (at: Date, zone: string) =>
  DateTime.fromJSDate(at).setZone(zone).plus({ months: 1 }).toFormat('yyyy-MM');

/** When the period is charged: the billing day of the month before it, 09:00 academy time. */
export function chargeMoment(period: string, zone: string, billingDay: number): Date {
  return DateTime.fromJSDate(periodRange(period, zone).start)
    .setZone(zone)
    .minus({ months: 1 })
    .set({ day: billingDay, hour: 9 })
    .toJSDate();
}

export interface BillLine {
  parentId: string;
  studentId: string;
  studentName: string;
  instrument: string;
  teacherId: string | null;
  /** the period's lessons by length, each priced by the pricing rule */
  items: BillItem[];
  totalCents: number;
}

/** Each active student's regular lessons scheduled in the period, each priced by its length at the student's rate. */
async function billLines(em: EntityManager, start: Date, end: Date): Promise<BillLine[]> {
  const rows = await em.execute<
    {
      parent_id: string;
      student_id: string;
      name: string;
      instrument: string;
      teacher_id: string | null;
      rate: number;
      enrolled: number;
      minutes: number[];
    }[]
  >(
    `SELECT s.parent_id, s.id AS student_id, s.first_name || ' ' || s.last_name AS name, s.instrument, s.teacher_id,
            s.lesson_rate_cents AS rate, s.lesson_duration_minutes AS enrolled,
            array_agg(l.duration_minutes ORDER BY l.starts_at) AS minutes
       FROM students s JOIN lessons l ON l.student_id = s.id
      WHERE s.active AND l.status = 'scheduled' AND l.lesson_type = 'regular' AND l.starts_at >= ? AND l.starts_at < ?
      GROUP BY s.id ORDER BY s.parent_id, s.id`,
    [start, end],
  );
  return rows.map((r) => {
    const items = billItems(r.rate, r.enrolled, r.minutes.map(Number));
    return {
      parentId: r.parent_id,
      studentId: r.student_id,
      studentName: r.name,
      instrument: r.instrument,
      teacherId: r.teacher_id,
      items,
      totalCents: billTotalCents(items),
    };
  });
}

export interface BillingRunReport {
  period: string;
  requested: number;
  alreadyBilled: number;
  skipped: { studentId: string; reason: string }[];
}

/** Charges every active family for the period's lessons: once per family, student and period, however often it runs. */
export class RunMonthlyBilling implements ICommand {
  constructor(
    readonly period: string,
    readonly context: CommandContext,
  ) {}
}
/** Tells each family what the period's run will charge; one notice per family and period. */
export class SendPaymentDueNotices implements ICommand {
  constructor(
    readonly period: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RunMonthlyBilling)
export class RunMonthlyBillingHandler implements ICommandHandler<RunMonthlyBilling, BillingRunReport> {
  private readonly logger = new Logger('MonthlyBilling');

  constructor(
    private readonly em: EntityManager,
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ period, context }: RunMonthlyBilling): Promise<BillingRunReport> {
    const range = periodRange(period, this.config.academyTimezone);
    const em = this.em.fork();
    const report: BillingRunReport = { period, requested: 0, alreadyBilled: 0, skipped: [] };
    const methods = new Map<string, FamilyPaymentMethodRow | null>();
    for (const line of await billLines(em, range.start, range.end)) {
      if (!methods.has(line.parentId))
        methods.set(line.parentId, await em.findOne(FamilyPaymentMethodRow, { parentId: line.parentId }));
      const method = methods.get(line.parentId);
      if (!method) {
        report.skipped.push({ studentId: line.studentId, reason: 'the family has no saved payment method' });
        continue;
      }
      for (const [index, payment] of splitBill(line.items).entries()) {
        const commandId = deriveId('monthly-billing', line.parentId, period, line.studentId, String(index));
        const paymentId = deriveId(commandId, 'payment');
        const result = await this.executor.execute(
          paymentStream(paymentId),
          paymentDecider,
          {
            type: 'RequestPayment',
            paymentId,
            studentId: line.studentId,
            parentId: line.parentId,
            lessonId: null,
            amountCents: payment.amountCents,
            description: describePayment(range.label, payment),
            paymentMethodId: method.paymentMethodId,
            customerId: method.customerId,
            instrument: line.instrument,
            teacherId: line.teacherId,
          },
          { ...context, commandId },
        );
        if (result.events.length) report.requested++;
        else report.alreadyBilled++;
      }
    }
    this.logger.log(
      `billing ${period}: ${report.requested} payments requested, ${report.alreadyBilled} already ` +
        `billed, ${report.skipped.length} skipped`,
    );
    return report;
  }
}

@CommandHandler(SendPaymentDueNotices)
export class SendPaymentDueNoticesHandler implements ICommandHandler<
  SendPaymentDueNotices,
  { period: string; notices: number }
> {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ period, context }: SendPaymentDueNotices): Promise<{ period: string; notices: number }> {
    const zone = this.config.academyTimezone;
    const range = periodRange(period, zone);
    const em = this.em.fork();
    const families = new Map<string, BillLine[]>();
    for (const line of await billLines(em, range.start, range.end))
      families.set(line.parentId, [...(families.get(line.parentId) ?? []), line]);
    let notices = 0;
    for (const [parentId, lines] of families) {
      const parent = await em.findOne(UserRow, { id: parentId });
      if (!parent || !(await em.findOne(FamilyPaymentMethodRow, { parentId }))) continue;
      const total = lines.reduce((sum, l) => sum + l.totalCents, 0);
      const sent = await this.outbox.request({
        key: `payment-due:${parentId}:${period}`,
        to: parent.email,
        template: 'payment-due',
        data: {
          parentName: parent.displayName,
          period: range.label,
          amount: formatCad(total),
          details: lines
            .map(
              (l) =>
                `- ${l.studentName} (${l.instrument}): ${describeItems(l.items).replace(/, /g, ' + ')} ` +
                `= ${formatCad(l.totalCents)}`,
            )
            .join('\n'),
          chargeAt: chargeMoment(period, zone, this.config.billingDayOfMonth),
        },
        correlationId: context.correlationId,
      });
      if (sent.created) notices++;
    }
    return { period, notices };
  }
}

export const BILLING_HANDLERS = [RunMonthlyBillingHandler, SendPaymentDueNoticesHandler];
