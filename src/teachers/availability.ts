/**
 * Weekly availability in the academy's local time: for each day, windows "HH:MM"–"HH:MM".
 * Pure rules, shared by the decider and request validation.
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeWindow {
  start: string;
  end: string;
}
export type WeeklyAvailability = Partial<Record<Weekday, TimeWindow[]>>;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MIN_WINDOW_MINUTES = 15;

export const minutesOf = (hhmm: string): number => {
  const m = HHMM.exec(hhmm);
  if (!m) return NaN;
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Every problem with an availability, as messages naming the day (empty when valid). */
export function availabilityProblems(availability: unknown): string[] {
  if (typeof availability !== 'object' || availability === null || Array.isArray(availability)) {
    return ['availability must be an object keyed by weekday'];
  }
  const problems: string[] = [];
  for (const [day, windows] of Object.entries(availability as Record<string, unknown>)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(`availability.${day} is not a weekday (use ${WEEKDAYS.join(', ')})`);
      continue;
    }
    if (!Array.isArray(windows)) {
      problems.push(`availability.${day} must be a list of {start, end} windows`);
      continue;
    }
    if (windows.length > 12) problems.push(`availability.${day} has more than 12 windows`);
    const parsed: { start: number; end: number; label: string }[] = [];
    windows.forEach((w: unknown, i) => {
      const win = w as Partial<TimeWindow> | null;
      const label = `availability.${day}[${i}]`;
      if (typeof win !== 'object' || win === null || typeof win.start !== 'string' || typeof win.end !== 'string') {
        problems.push(`${label} must be {start: "HH:MM", end: "HH:MM"}`);
        return;
      }
      const start = minutesOf(win.start);
      const end = win.end === '24:00' ? 24 * 60 : minutesOf(win.end);
      if (Number.isNaN(start) || Number.isNaN(end)) {
        problems.push(`${label} times must be 24-hour "HH:MM"`);
        return;
      }
      if (end - start < MIN_WINDOW_MINUTES) {
        problems.push(`${label} must end at least ${MIN_WINDOW_MINUTES} minutes after it starts`);
        return;
      }
      parsed.push({ start, end, label });
    });
    parsed.sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i].start < parsed[i - 1].end) problems.push(`${parsed[i].label} overlaps ${parsed[i - 1].label}`);
    }
  }
  return problems;
}

/** Sorted windows per day, empty days dropped: one canonical form to store and compare. */
export function normalizeAvailability(availability: WeeklyAvailability): WeeklyAvailability {
  const out: WeeklyAvailability = {};
  for (const day of WEEKDAYS) {
    const windows = availability[day];
    if (windows && windows.length) {
      out[day] = [...windows]
        .map((w) => ({ start: w.start, end: w.end }))
        .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    }
  }
  return out;
}
