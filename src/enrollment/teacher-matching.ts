import { coversTimeOfDay, TimeOfDay } from '../scheduling/academy-time';
import type { WeeklyAvailability, Weekday } from '../teachers/availability';

export interface Candidate {
  id: string;
  instruments: readonly string[];
  availability: WeeklyAvailability;
  currentStudents: number;
  maxStudents: number;
  registeredAt: Date;
}

export interface Preferences {
  instrument: string;
  preferredLessonDay: Weekday | null;
  preferredLessonTime: TimeOfDay | null;
}

/**
 * The score of docs/domain.md (Enrollment): +10 teaches the instrument (required), +5 the
 * preferred day is in their availability, +3 more if that day covers the preferred time of day,
 * + (1 − load) × 5.
 */
export function score(t: Candidate, p: Preferences): number | null {
  if (!t.instruments.includes(p.instrument) || t.currentStudents >= t.maxStudents) return null;
  let s = 10;
  const day = p.preferredLessonDay ? (t.availability[p.preferredLessonDay] ?? []) : [];
  if (day.length > 0) {
    s += 5;
    if (p.preferredLessonTime && coversTimeOfDay(day, p.preferredLessonTime)) s += 3;
  }
  return s + (1 - t.currentStudents / t.maxStudents) * 5;
}

/**
 * Teachers in the order to try: highest score first. Ties go to the teacher with fewer
 * students, then the one registered earlier, then the smaller id — stable and explainable.
 */
export function rankTeachers(teachers: readonly Candidate[], p: Preferences): Candidate[] {
  return teachers
    .map((t) => ({ t, s: score(t, p) }))
    .filter((x): x is { t: Candidate; s: number } => x.s !== null)
    .sort(
      (a, b) =>
        b.s - a.s ||
        a.t.currentStudents - b.t.currentStudents ||
        a.t.registeredAt.getTime() - b.t.registeredAt.getTime() ||
        a.t.id.localeCompare(b.t.id),
    )
    .map((x) => x.t);
}
