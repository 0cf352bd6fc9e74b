import { invalid, rejected } from '../shared/domain-error';
import { fromCents } from '../shared/money';
import { PAYMENT_LIMIT_CENTS } from './payment.decider';
import { formatCad } from './format-cad';

/**
 * Lesson rates by enrolled lesson length, in cents: what a new student pays per lesson of the
 * length they enrolled for, unless the office sets another rate (30–200 CAD). Served publicly
 * by the pricing endpoint.
 */
export const LESSON_RATES_CENTS: Readonly<Record<number, number>> = {
  15: 30_00,
  30: 45_00,
  45: 60_00,
  60: 75_00,
};

/** Lesson lengths a lesson can be booked at (minutes). */
export const LESSON_MINUTES = { min: 15, max: 120 } as const;

/** The lengths the public price list shows a price for (any whole minute in between is priced by the same rule). */
export const LISTED_LESSON_MINUTES = [15, 30, 45, 60, 75, 90, 105, 120] as const;

/** A new student's rate for their enrolled length: the listed one, or the next longer listed length's. */
export function lessonRateCents(durationMinutes: number): number {
  const lengths = Object.keys(LESSON_RATES_CENTS)
    .map(Number)
    .sort((a, b) => a - b);
  const at = lengths.find((l) => l >= durationMinutes) ?? lengths[lengths.length - 1];
  return LESSON_RATES_CENTS[at];
}

export const PRICING_RULE =
  "A student's lesson rate is for the lesson length they enrolled for; a lesson of another length costs that " +
  'rate pro rata by minutes, rounded to the cent.';

export interface LessonPriceInput {
  /** the student's rate, per lesson of their enrolled length */
  rateCents: number;
  /** the student's enrolled lesson length */
  enrolledMinutes: number;
  /** the length of the lesson priced */
  lessonMinutes: number;
}

/**
 * The price of one lesson, the one rule monthly billing, one-off lesson charges and the public
 * price list follow: the student's rate is for their enrolled length; another length is priced
 * pro rata by minutes (rate × lesson minutes ÷ enrolled minutes), half a cent rounded up.
 */
export function lessonPriceCents({ rateCents, enrolledMinutes, lessonMinutes }: LessonPriceInput): number {
  if (!Number.isInteger(rateCents) || rateCents <= 0)
    throw invalid('INVALID_LESSON_RATE', 'a lesson rate must be a whole number of cents above 0');
  if (!Number.isInteger(enrolledMinutes) || enrolledMinutes <= 0)
    throw invalid('INVALID_LESSON_LENGTH', 'the enrolled lesson length must be whole minutes above 0');
  if (!Number.isInteger(lessonMinutes) || lessonMinutes <= 0)
    throw invalid('INVALID_LESSON_LENGTH', 'a lesson length must be whole minutes above 0');
  return Math.round((rateCents * lessonMinutes) / enrolledMinutes);
}

/**
 * What a one-off charge for a lesson is: the lesson's price by the rule. An amount given with it
 * must be that price; a price above the payment limit cannot be one charge.
 */
export function lessonChargeCents(priced: LessonPriceInput, requestedCents: number | null): number {
  const price = lessonPriceCents(priced);
  const what =
    `a ${priced.lessonMinutes}-minute lesson at this student's rate (${formatCad(priced.rateCents)} ` +
    `for ${priced.enrolledMinutes} minutes)`;
  if (requestedCents !== null && requestedCents !== price) {
    throw rejected(
      'AMOUNT_NOT_LESSON_PRICE',
      `${what} costs ${formatCad(price)}; charge that amount, or leave lessonId out for another amount`,
      { price: fromCents(price) },
    );
  }
  if (price > PAYMENT_LIMIT_CENTS) {
    throw rejected(
      'LESSON_PRICE_ABOVE_PAYMENT_LIMIT',
      `${what} costs ${formatCad(price)}, above the ${formatCad(PAYMENT_LIMIT_CENTS)} a payment may be; charge ` +
        `it in parts without lessonId`,
      { price: fromCents(price) },
    );
  }
  return price;
}
