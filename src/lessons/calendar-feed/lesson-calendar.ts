import icalGenerator, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { CalendarLesson } from '../../../projections/lessons/calendar-lessons.query';

/** How far a feed reaches: a month back (what happened), half a year ahead (what is booked). */
export const FEED_PAST_DAYS = 30;
export const FEED_FUTURE_DAYS = 180;
/** How often calendar apps are asked to poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 60 * 60;

export const feedWindow = (now: Date) => ({
  from: new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000),
  to: new Date(now.getTime() + FEED_FUTURE_DAYS * 86_400_000),
});

const KIND: Record<string, string> = { demo: 'Demo lesson', makeup: 'Makeup lesson' };

/**
 * Lessons as an iCalendar feed that calendar apps show at the right time.
 *
 * Every time is written in UTC (`DTSTART:20261102T210000Z`): an instant means the same to every
 * client, with no VTIMEZONE to get right or wrong, and each app shows it in its user's own zone.
 * A weekly series needs no RRULE either: the academy books each lesson of a series on its own
 * (17:00 local stays 17:00 across a DST change, as a different UTC instant), so each is an event.
 *
 * Each lesson keeps its UID; LAST-MODIFIED and SEQUENCE tell an app that a moved or cancelled
 * lesson replaces its old copy.
 * A cancelled lesson stays in the feed as STATUS:CANCELLED and transparent (it does not block
 * the time), so an app that had it marks it cancelled rather than silently losing it.
 */
/**
 * SEQUENCE must grow with each change of a lesson. The read model keeps when a lesson was booked
 * and last changed, not how often: whole seconds from one to the other, rounded up, is 0 for a
 * lesson never changed and grows with every later change (two within one second count once, as
 * LAST-MODIFIED, in seconds, cannot tell them apart either).
 */
export const sequenceOf = (l: Pick<CalendarLesson, 'createdAt' | 'updatedAt'>) =>
  Math.max(0, Math.ceil((l.updatedAt.getTime() - l.createdAt.getTime()) / 1000));

export function lessonCalendar(name: string, lessons: readonly CalendarLesson[]): string {
  const calendar = icalGenerator({
    name,
    prodId: { company: 'Cedar Heights Music Academy', product: 'lessons', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  for (const l of lessons) {
    const cancelled = l.status === 'cancelled';
    calendar.createEvent({
      id: `${l.id}@cedarheights`,
      start: l.startsAt,
      end: l.endsAt,
      summary:
        `${cancelled ? 'Cancelled: ' : ''}${KIND[l.lessonType] ?? 'Lesson'}: ${l.studentFirstName} ` +
        `(${l.instrument})`,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
      sequence: sequenceOf(l),
      stamp: l.updatedAt,
      lastModified: l.updatedAt,
    });
  }
  return calendar.toString();
}
