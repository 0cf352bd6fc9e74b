/**
 * Lesson rates by length, in cents: what a new student pays per lesson unless the office sets
 * another rate (30–200 CAD). Served publicly by the pricing endpoint.
 */
export const LESSON_RATES_CENTS: Readonly<Record<number, number>> = {
  15: 30_00,
  30: 45_00,
  45: 60_00,
  60: 75_00,
};

/** The rate for a length: the listed one, or the next longer listed length's. */
export function lessonRateCents(durationMinutes: number): number {
  const lengths = Object.keys(LESSON_RATES_CENTS).map(Number).sort((a, b) => a - b);
  const at = lengths.find((l) => l >= durationMinutes) ?? lengths[lengths.length - 1];
  return LESSON_RATES_CENTS[at];
}
