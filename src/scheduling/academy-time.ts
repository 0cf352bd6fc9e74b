import { DateTime, IANAZone } from 'luxon';
import { minutesOf, TimeWindow, WEEKDAYS, Weekday, WeeklyAvailability } from '../teachers/availability';

/**
 * The academy's wall clock. Availability and "morning/evening" are local times in the
 * academy's zone; instants are UTC. Pure functions: the zone is always passed in.
 */
export interface UtcInterval {
  start: Date;
  end: Date;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const OFFSETS_KEPT = 50_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at an instant. A slot search asks this for every candidate
 * start, and asking the zone database (Intl) each time was most of an enrollment's demo step.
 * Offsets change only at transitions, and a quarter hour of UTC holds none in any zone in use
 * today; the offset is kept per quarter hour only when both its ends agree, so a quarter hour
 * holding a transition (historical offsets in odd minutes) is always asked again.
 */
function offsetMinutes(instant: number, zone: string): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${zone}|${quarter}`;
  const kept = offsets.get(key);
  if (kept !== undefined) return kept;
  const tz = IANAZone.create(zone);
  const offset = tz.offset(instant);
  const first = tz.offset(quarter * QUARTER_HOUR_MS);
  const last = tz.offset((quarter + 1) * QUARTER_HOUR_MS - 1);
  if (first === offset && last === offset) {
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The local wall-clock time of an instant, read with the UTC getters of the returned Date. */
function localWallClock(instant: Date, zone: string): Date {
  const ms = instant.getTime();
  return new Date(ms + offsetMinutes(ms, zone) * 60_000);
}

const DAY_MS = 86_400_000;

/**
 * The instant of a local wall-clock time (`localTs`: that time read as if it were UTC). A time
 * the clocks skip in spring moves forward by the gap; a time repeated in autumn is its first
 * instant: the offset tried first is the one in force a day earlier, before any change that
 * night (changes are months apart).
 */
function instantOfLocal(localTs: number, zone: string): number {
  const guess = offsetMinutes(localTs - DAY_MS, zone);
  let instant = localTs - guess * 60_000;
  const second = offsetMinutes(instant, zone);
  if (second === guess) return instant;
  instant -= (second - guess) * 60_000;
  const third = offsetMinutes(instant, zone);
  if (second === third) return instant;
  return localTs - Math.min(second, third) * 60_000;
}

/** A local date as the UTC midnight of the same date (plain date arithmetic, no zone). */
function localDate(instant: Date, zone: string): number {
  const wall = localWallClock(instant, zone);
  return Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
}

/**
 * The wall-clock time on a local day (not minutes after midnight: a DST day is 23 or 25 hours);
 * 24:00 is the next midnight.
 */
function localAt(date: number, hhmm: string, zone: string): number {
  return instantOfLocal(hhmm === '24:00' ? date + DAY_MS : date + minutesOf(hhmm) * 60_000, zone);
}

/** The availability windows as UTC intervals for every local day touching [from, to). */
export function availabilityIntervals(
  availability: WeeklyAvailability,
  zone: string,
  from: Date,
  to: Date,
): UtcInterval[] {
  const out: UtcInterval[] = [];
  const last = localDate(to, zone);
  for (let day = localDate(from, zone); day <= last; day += DAY_MS) {
    for (const w of availability[WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7]] ?? []) {
      out.push({ start: new Date(localAt(day, w.start, zone)), end: new Date(localAt(day, w.end, zone)) });
    }
  }
  return out.filter((i) => i.end > from && i.start < to);
}

/** Whether [start, end) lies entirely inside one availability window of its local day. */
export function fitsAvailability(availability: WeeklyAvailability, zone: string, slot: UtcInterval): boolean {
  return availabilityIntervals(availability, zone, slot.start, slot.end).some(
    (w) => w.start <= slot.start && slot.end <= w.end,
  );
}

export type RecurrencePattern = 'weekly' | 'biweekly' | 'monthly';
export const MAX_OCCURRENCES = 52;

/**
 * The starts of a recurring lesson. Steps are taken on the local calendar, so a 16:00 lesson
 * stays at 16:00 local across daylight-saving changes (its UTC instant moves instead). Monthly
 * lessons on the 29th–31st fall on the month's last day when the month is shorter.
 */
export function recurrence(first: Date, pattern: RecurrencePattern, occurrences: number, zone: string): Date[] {
  if (!Number.isInteger(occurrences) || occurrences < 1 || occurrences > MAX_OCCURRENCES) {
    throw new RangeError(`occurrences must be 1 to ${MAX_OCCURRENCES}`);
  }
  const local = DateTime.fromJSDate(first, { zone });
  return Array.from({ length: occurrences }, (_, i) => {
    const step = pattern === 'weekly' ? { weeks: i } : pattern === 'biweekly' ? { weeks: 2 * i } : { months: i };
    return local.plus(step).toJSDate();
  });
}

export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

/** morning: before 12:00; afternoon: 12:00–17:00; evening: from 17:00 (local start time). */
export function timeOfDay(start: Date, zone: string): TimeOfDay {
  const hour = localWallClock(start, zone).getUTCHours();
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

/** The local weekday of an instant (getUTCDay: 0 is Sunday; WEEKDAYS start on Monday). */
export const localWeekday = (instant: Date, zone: string): Weekday =>
  WEEKDAYS[(localWallClock(instant, zone).getUTCDay() + 6) % 7];

/** Whether a weekday's windows cover any part of a time of day (for the teacher-matching score). */
export function coversTimeOfDay(windows: readonly TimeWindow[], part: TimeOfDay): boolean {
  const [from, to] = part === 'morning' ? [0, 12 * 60] : part === 'afternoon' ? [12 * 60, 17 * 60] : [17 * 60, 24 * 60];
  return windows.some((w) => minutesOf(w.start) < to && (w.end === '24:00' ? 24 * 60 : minutesOf(w.end)) > from);
}

export interface FreeSlotQuery {
  availability: WeeklyAvailability;
  zone: string;
  /** intervals already taken (teacher's and, when known, the student's) */
  busy: readonly UtcInterval[];
  durationMinutes: number;
  /** search from this instant (inclusive), for this many days */
  from: Date;
  days: number;
  /** granularity of candidate starts, in minutes from each window's start */
  stepMinutes?: number;
  limit: number;
  /** keep only candidates this returns true for (e.g. a preferred day or time of day) */
  accept?: (start: Date) => boolean;
}

/** Free starts inside availability, not overlapping anything busy, earliest first. */
export function freeSlots(q: FreeSlotQuery): UtcInterval[] {
  const stepMs = (q.stepMinutes ?? 15) * 60_000;
  const durationMs = q.durationMinutes * 60_000;
  const from = q.from.getTime();
  const to = DateTime.fromJSDate(q.from).plus({ days: q.days }).toJSDate();
  const busy = q.busy.map((b) => [b.start.getTime(), b.end.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const out: UtcInterval[] = [];
  // Inside one window the instants are fixed, so stepping is plain arithmetic on milliseconds.
  for (const window of availabilityIntervals(q.availability, q.zone, q.from, to)) {
    const windowEnd = window.end.getTime();
    for (let start = window.start.getTime(); start + durationMs <= windowEnd; start += stepMs) {
      if (start < from) continue;
      const end = start + durationMs;
      if (busy.some(([s, e]) => s < end && start < e)) continue;
      const slot = { start: new Date(start), end: new Date(end) };
      if (q.accept && !q.accept(slot.start)) continue;
      out.push(slot);
      if (out.length >= q.limit) return out;
    }
  }
  return out;
}

/** The nearest free slots to a wanted start, before or after it, nearest first. */
export function nearestFreeSlots(
  q: Omit<FreeSlotQuery, 'from' | 'days'> & { around: Date; notBefore: Date; days: number },
): UtcInterval[] {
  const from = new Date(Math.max(q.notBefore.getTime(), q.around.getTime() - q.days * 86_400_000));
  const candidates = freeSlots({ ...q, from, days: q.days * 2, limit: 10_000 });
  const distance = (s: UtcInterval) => Math.abs(s.start.getTime() - q.around.getTime());
  return candidates
    .sort((a, b) => distance(a) - distance(b) || a.start.getTime() - b.start.getTime())
    .slice(0, q.limit);
}
