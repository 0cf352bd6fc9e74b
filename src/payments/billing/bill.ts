import { PAYMENT_LIMIT_CENTS } from '../payment.decider';
import { formatCad } from '../format-cad';
import { lessonPriceCents } from '../pricing';

/** Lessons of one length in a student's month, each at the price the pricing rule gives that length. */
export interface BillItem {
  lessons: number;
  minutes: number;
  priceCents: number;
}

/** One payment of a student's monthly bill: whole lessons, or one part of a lesson priced above the limit. */
export interface BillPayment {
  amountCents: number;
  items: BillItem[];
  /** set when one lesson is charged in several payments */
  part?: { index: number; of: number };
}

/** The student's month, priced by the rule: one item per lesson length, shortest first. */
export function billItems(rateCents: number, enrolledMinutes: number, lessonMinutes: readonly number[]): BillItem[] {
  const counts = new Map<number, number>();
  for (const m of lessonMinutes) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minutes, lessons]) => ({
      lessons,
      minutes,
      priceCents: lessonPriceCents({ rateCents, enrolledMinutes, lessonMinutes: minutes }),
    }));
}

export const billTotalCents = (items: readonly BillItem[]) =>
  items.reduce((sum, i) => sum + i.lessons * i.priceCents, 0);

/**
 * Splits a bill into payments of at most the payment limit: whole lessons, in order, as many as
 * fit in each payment; a single lesson priced above the limit gets payments of its own, in parts.
 */
export function splitBill(items: readonly BillItem[], limitCents = PAYMENT_LIMIT_CENTS): BillPayment[] {
  const out: BillPayment[] = [];
  let current: BillPayment | null = null;
  const add = (price: number, minutes: number) => {
    if (!current || current.amountCents + price > limitCents) {
      current = { amountCents: 0, items: [] };
      out.push(current);
    }
    const last: BillItem | undefined = current.items[current.items.length - 1];
    if (last && last.minutes === minutes && last.priceCents === price) last.lessons++;
    else current.items.push({ lessons: 1, minutes, priceCents: price });
    current.amountCents += price;
  };
  for (const item of items) {
    for (let n = 0; n < item.lessons; n++) {
      if (item.priceCents <= limitCents) {
        add(item.priceCents, item.minutes);
        continue;
      }
      const of = Math.ceil(item.priceCents / limitCents);
      for (let index = 1; index <= of; index++) {
        const amountCents = index < of ? limitCents : item.priceCents - limitCents * (of - 1);
        out.push({
          amountCents,
          items: [{ lessons: 1, minutes: item.minutes, priceCents: item.priceCents }],
          part: { index, of },
        });
      }
      current = null;
    }
  }
  return out;
}

/** "4 × $45.00 CAD, 1 × $180.00 CAD" */
export const describeItems = (items: readonly BillItem[]) =>
  items.map((i) => `${i.lessons} × ${formatCad(i.priceCents)}`).join(', ');

/** What a payment of the bill is for, e.g. "November 2026 lessons (4 × $45.00 CAD)". */
export function describePayment(periodLabel: string, p: BillPayment): string {
  const part = p.part ? `, part ${p.part.index} of ${p.part.of}` : '';
  return `${periodLabel} lessons (${describeItems(p.items)}${part})`;
}
