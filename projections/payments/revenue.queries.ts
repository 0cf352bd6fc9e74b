import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../src/config/config';
import { fromCents } from '../../src/shared/money';

export interface RevenueLine {
  charged: number;
  refunded: number;
  net: number;
  charges: number;
  refunds: number;
}

export interface RevenueReport {
  from: string;
  to: string;
  currency: 'CAD';
  timeZone: string;
  totals: RevenueLine;
  byDay: (RevenueLine & { day: string })[];
  byMonth: (RevenueLine & { month: string })[];
  byInstrument: (RevenueLine & { instrument: string })[];
  byTeacher: (RevenueLine & { teacherId: string | null; teacherName: string | null })[];
}

/** Revenue posted to the ledger in [from, to), grouped by academy-local day and month, instrument and teacher. */
export class GetRevenueReport {
  constructor(
    readonly from: Date,
    readonly to: Date,
  ) {}
}

interface Sums {
  key: string | null;
  name?: string | null;
  charged: string;
  refunded: string;
  charges: string;
  refunds: string;
}

const line = (r: Sums): RevenueLine => {
  const charged = Number(r.charged);
  const refunded = Number(r.refunded);
  return {
    charged: fromCents(charged),
    refunded: fromCents(refunded),
    net: fromCents(charged - refunded),
    charges: Number(r.charges),
    refunds: Number(r.refunds),
  };
};

const SUMS = `coalesce(sum(l.amount_cents) filter (where l.kind = 'charge'), 0) as charged,
  coalesce(sum(l.amount_cents) filter (where l.kind = 'refund'), 0) as refunded,
  count(*) filter (where l.kind = 'charge') as charges,
  count(*) filter (where l.kind = 'refund') as refunds`;

@QueryHandler(GetRevenueReport)
export class GetRevenueReportHandler implements IQueryHandler<GetRevenueReport, RevenueReport> {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ from, to }: GetRevenueReport): Promise<RevenueReport> {
    const em = this.em.fork();
    const zone = this.config.academyTimezone;
    const range = 'l.at >= ? AND l.at < ?';
    const grouped = (key: string, extra = '', join = '') =>
      em.execute<Sums[]>(
        `SELECT ${key} AS key${extra}, ${SUMS} FROM ledger_entries l ${join} WHERE ${range} GROUP BY ` +
          `1${extra ? ', 2' : ''} ORDER BY 1`,
        [from, to],
      );
    const [totals] = await em.execute<Sums[]>(`SELECT null AS key, ${SUMS} FROM ledger_entries l WHERE ${range}`, [
      from,
      to,
    ]);
    const [byDay, byMonth, byInstrument, byTeacher] = await Promise.all([
      grouped(`to_char(l.at AT TIME ZONE '${zone.replace(/'/g, "''")}', 'YYYY-MM-DD')`),
      grouped(`to_char(l.at AT TIME ZONE '${zone.replace(/'/g, "''")}', 'YYYY-MM')`),
      grouped('l.instrument'),
      grouped(
        'l.teacher_id',
        ", (t.first_name || ' ' || t.last_name) AS name",
        'LEFT JOIN teachers t ON t.id = l.teacher_id',
      ),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      currency: 'CAD',
      timeZone: zone,
      totals: line(totals),
      byDay: byDay.map((r) => ({ day: r.key!, ...line(r) })),
      byMonth: byMonth.map((r) => ({ month: r.key!, ...line(r) })),
      byInstrument: byInstrument.map((r) => ({ instrument: r.key!, ...line(r) })),
      byTeacher: byTeacher.map((r) => ({ teacherId: r.key, teacherName: r.name ?? null, ...line(r) })),
    };
  }
}
