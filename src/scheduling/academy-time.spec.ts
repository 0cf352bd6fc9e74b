import { DateTime, Settings } from 'luxon';
import { minutesOf, WeeklyAvailability } from '../teachers/availability';
import {
  availabilityIntervals,
  coversTimeOfDay,
  fitsAvailability,
  freeSlots,
  localWeekday,
  nearestFreeSlots,
  recurrence,
  timeOfDay,
} from './academy-time';
import { WEEKDAYS } from '../teachers/availability';

const ZONE = 'America/Halifax';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const asLocalIn = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');
const asLocal = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');

describe('academy time', () => {
  describe('weekly lessons keep their local time across daylight-saving changes', () => {
    it('November change (2026-11-01): 16:00 ADT then 16:00 AST', () => {
      const starts = recurrence(local('2026-10-26T16:00'), 'weekly', 3, ZONE);
      expect(starts.map(asLocal)).toEqual([
        'Mon 2026-10-26 16:00 -03:00',
        'Mon 2026-11-02 16:00 -04:00',
        'Mon 2026-11-09 16:00 -04:00',
      ]);
      expect(starts.map((d) => d.toISOString())).toEqual([
        '2026-10-26T19:00:00.000Z',
        '2026-11-02T20:00:00.000Z',
        '2026-11-09T20:00:00.000Z',
      ]);
    });

    it('March change (2027-03-14): 16:00 AST then 16:00 ADT', () => {
      const starts = recurrence(local('2027-03-08T16:00'), 'weekly', 2, ZONE);
      expect(starts.map((d) => d.toISOString())).toEqual(['2027-03-08T20:00:00.000Z', '2027-03-15T19:00:00.000Z']);
      expect(starts.map(asLocal)).toEqual(['Mon 2027-03-08 16:00 -04:00', 'Mon 2027-03-15 16:00 -03:00']);
    });

    it('biweekly steps two weeks; monthly keeps the day, or the last day of a shorter month', () => {
      expect(recurrence(local('2026-10-20T17:30'), 'biweekly', 3, ZONE).map(asLocal)).toEqual([
        'Tue 2026-10-20 17:30 -03:00',
        'Tue 2026-11-03 17:30 -04:00',
        'Tue 2026-11-17 17:30 -04:00',
      ]);
      expect(recurrence(local('2027-01-31T10:00'), 'monthly', 3, ZONE).map(asLocal)).toEqual([
        'Sun 2027-01-31 10:00 -04:00',
        'Sun 2027-02-28 10:00 -04:00',
        'Wed 2027-03-31 10:00 -03:00',
      ]);
    });

    it('caps occurrences', () => {
      expect(() => recurrence(new Date(), 'weekly', 53, ZONE)).toThrow(RangeError);
      expect(() => recurrence(new Date(), 'weekly', 0, ZONE)).toThrow(RangeError);
    });
  });

  describe('availability', () => {
    const availability = { monday: [{ start: '15:00', end: '20:00' }], saturday: [{ start: '09:00', end: '12:00' }] };

    it('turns local windows into UTC intervals on each side of a DST change', () => {
      const intervals = availabilityIntervals(availability, ZONE, local('2026-10-26T00:00'), local('2026-11-03T00:00'));
      expect(intervals.map((i) => [i.start.toISOString(), i.end.toISOString()])).toEqual([
        ['2026-10-26T18:00:00.000Z', '2026-10-26T23:00:00.000Z'],
        ['2026-10-31T12:00:00.000Z', '2026-10-31T15:00:00.000Z'],
        ['2026-11-02T19:00:00.000Z', '2026-11-03T00:00:00.000Z'],
      ]);
    });

    it('keeps windows at their wall-clock time on the days the clocks change', () => {
      const sundays = { sunday: [{ start: '15:00', end: '17:00' }] };
      const [nov] = availabilityIntervals(sundays, ZONE, local('2026-11-01T00:00'), local('2026-11-01T23:00'));
      expect([nov.start.toISOString(), nov.end.toISOString()]).toEqual([
        '2026-11-01T19:00:00.000Z',
        '2026-11-01T21:00:00.000Z',
      ]);
      const [mar] = availabilityIntervals(sundays, ZONE, local('2027-03-14T00:00'), local('2027-03-14T23:00'));
      expect([mar.start.toISOString(), mar.end.toISOString()]).toEqual([
        '2027-03-14T18:00:00.000Z',
        '2027-03-14T20:00:00.000Z',
      ]);
    });

    it('accepts a lesson inside a window and refuses one that spills out or falls on another day', () => {
      const at = (startIso: string, minutes: number) => ({
        start: local(startIso),
        end: DateTime.fromISO(startIso, { zone: ZONE }).plus({ minutes }).toJSDate(),
      });
      expect(fitsAvailability(availability, ZONE, at('2026-11-02T15:00', 60))).toBe(true);
      expect(fitsAvailability(availability, ZONE, at('2026-11-02T19:30', 30))).toBe(true);
      expect(fitsAvailability(availability, ZONE, at('2026-11-02T19:45', 30))).toBe(false);
      expect(fitsAvailability(availability, ZONE, at('2026-11-02T14:45', 30))).toBe(false);
      expect(fitsAvailability(availability, ZONE, at('2026-11-03T15:00', 30))).toBe(false);
    });

    it('names the time of day and whether a day covers it', () => {
      expect(timeOfDay(local('2026-11-02T11:59'), ZONE)).toBe('morning');
      expect(timeOfDay(local('2026-11-02T12:00'), ZONE)).toBe('afternoon');
      expect(timeOfDay(local('2026-11-02T17:00'), ZONE)).toBe('evening');
      expect(coversTimeOfDay(availability.monday, 'evening')).toBe(true);
      expect(coversTimeOfDay(availability.monday, 'morning')).toBe(false);
      expect(coversTimeOfDay(availability.saturday, 'afternoon')).toBe(false);
    });
  });

  describe('free slots', () => {
    const availability = { monday: [{ start: '15:00', end: '17:00' }] };

    it('lists free starts inside availability, skipping busy time, earliest first', () => {
      const busy = [{ start: local('2026-11-02T15:30'), end: local('2026-11-02T16:00') }];
      const slots = freeSlots({
        availability,
        zone: ZONE,
        busy,
        durationMinutes: 30,
        from: local('2026-11-02T00:00'),
        days: 7,
        limit: 10,
        stepMinutes: 30,
      });
      expect(slots.map((s) => asLocal(s.start))).toEqual([
        'Mon 2026-11-02 15:00 -04:00',
        'Mon 2026-11-02 16:00 -04:00',
        'Mon 2026-11-02 16:30 -04:00',
      ]);
    });

    it('starts no earlier than asked and honours a filter', () => {
      const slots = freeSlots({
        availability,
        zone: ZONE,
        busy: [],
        durationMinutes: 60,
        from: local('2026-11-02T15:10'),
        days: 8,
        limit: 2,
        accept: (s) => DateTime.fromJSDate(s, { zone: ZONE }).hour >= 16,
      });
      expect(slots.map((s) => asLocal(s.start))).toEqual([
        'Mon 2026-11-02 16:00 -04:00',
        'Mon 2026-11-09 16:00 -04:00',
      ]);
    });

    it('orders alternatives by distance from the wanted time, the earlier first on a tie', () => {
      const busy = [{ start: local('2026-11-09T15:00'), end: local('2026-11-09T17:00') }];
      const slots = nearestFreeSlots({
        availability,
        zone: ZONE,
        busy,
        durationMinutes: 60,
        around: local('2026-11-09T15:00'),
        notBefore: local('2026-11-01T00:00'),
        days: 14,
        limit: 3,
        stepMinutes: 60,
      });
      expect(slots.map((s) => asLocal(s.start))).toEqual([
        'Mon 2026-11-02 16:00 -04:00', // 167 h before
        'Mon 2026-11-02 15:00 -04:00', // 168 h before
        'Mon 2026-11-16 15:00 -04:00', // 168 h after
      ]);
    });
  });

  describe('local weekday and time of day read the zone as the zone database does', () => {
    const byLuxon = (instant: Date, zone: string) => {
      const d = DateTime.fromJSDate(instant, { zone });
      return `${WEEKDAYS[d.weekday - 1]} ${d.hour < 12 ? 'morning' : d.hour < 17 ? 'afternoon' : 'evening'}`;
    };
    const ours = (instant: Date, zone: string) => `${localWeekday(instant, zone)} ${timeOfDay(instant, zone)}`;
    const disagreements = (zone: string, fromIso: string, days: number, stepMinutes: number) => {
      const out: string[] = [];
      const from = Date.parse(fromIso);
      for (let t = from; t < from + days * 86_400_000; t += stepMinutes * 60_000) {
        const instant = new Date(t);
        if (ours(instant, zone) !== byLuxon(instant, zone)) out.push(`${instant.toISOString()} ${ours(instant, zone)}`);
      }
      return out;
    };

    it.each([
      ['America/Halifax', 'hour changes at 02:00'],
      ['Australia/Lord_Howe', 'a half-hour daylight-saving change'],
      ['Asia/Kathmandu', 'an offset of 5:45'],
      ['Pacific/Chatham', 'an offset of 12:45, and 13:45 in summer'],
    ])('%s (%s): every 37 minutes of a year, across both changes', (zone) => {
      expect(disagreements(zone, '2026-06-01T00:00:00Z', 366, 37)).toEqual([]);
    });

    it('a change inside a quarter hour (Monrovia, 1972-01-07 00:44:30 UTC: -0:44:30 to 0:00) is read exactly', () => {
      // after the change first, then before it in the same quarter hour: the offset after must not be reused
      expect(ours(new Date('1972-01-07T00:44:40Z'), 'Africa/Monrovia')).toBe('friday morning');
      expect(ours(new Date('1972-01-07T00:31:00Z'), 'Africa/Monrovia')).toBe('thursday evening');
      expect(disagreements('Africa/Monrovia', '1972-01-06T12:00:00Z', 2, 0.5)).toEqual([]);
    });
  });

  describe('availability windows resolve local times as the zone database does', () => {
    const askedOn = Settings.now;
    afterEach(() => (Settings.now = askedOn));
    /** The windows as luxon resolves them, wall-clock time by wall-clock time. */
    const byLuxon = (availability: WeeklyAvailability, zone: string, from: Date, to: Date) => {
      const at = (date: DateTime, hhmm: string) =>
        hhmm === '24:00'
          ? DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone }).plus({ days: 1 })
          : DateTime.fromObject(
              {
                year: date.year,
                month: date.month,
                day: date.day,
                hour: Math.floor(minutesOf(hhmm) / 60),
                minute: minutesOf(hhmm) % 60,
              },
              { zone },
            );
      const out: { start: Date; end: Date }[] = [];
      const last = DateTime.fromJSDate(to, { zone }).startOf('day');
      for (let day = DateTime.fromJSDate(from, { zone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
        for (const w of availability[WEEKDAYS[day.weekday - 1]] ?? []) {
          out.push({ start: at(day, w.start).toJSDate(), end: at(day, w.end).toJSDate() });
        }
      }
      return out.filter((i) => i.end > from && i.start < to);
    };
    // Windows starting and ending at the hours the clocks change, at midnight and at 24:00.
    const everyDay = (windows: { start: string; end: string }[]): WeeklyAvailability =>
      Object.fromEntries(WEEKDAYS.map((d) => [d, windows])) as WeeklyAvailability;
    const availability = everyDay([
      { start: '00:00', end: '00:30' },
      { start: '01:30', end: '02:30' },
      { start: '02:15', end: '03:15' },
      { start: '09:00', end: '12:00' },
      { start: '23:00', end: '24:00' },
    ]);

    // luxon resolves an hour repeated in autumn with the offset in force on the day it is asked; ours
    // is always the first instant: asked on a summer day, luxon gives that one too.
    it.each([
      ['America/Halifax', '2026-07-01T12:00:00Z'],
      ['Australia/Lord_Howe', '2027-01-15T12:00:00Z'],
      ['Asia/Kathmandu', '2026-07-01T12:00:00Z'],
      ['Europe/London', '2026-07-01T12:00:00Z'],
    ])('%s: every day of a year, both daylight-saving changes included (luxon asked on %s)', (zone, summerDay) => {
      Settings.now = () => Date.parse(summerDay);
      const from = new Date('2026-06-01T00:00:00Z');
      const to = new Date('2027-06-01T00:00:00Z');
      const text = (i: { start: Date; end: Date }) => `${i.start.toISOString()}–${i.end.toISOString()}`;
      const ours = availabilityIntervals(availability, zone, from, to).map(text);
      expect(ours.length).toBeGreaterThan(1800);
      expect(ours).toEqual(byLuxon(availability, zone, from, to).map(text));
    });

    it('an hour repeated in autumn starts at its first instant, whichever day it is asked on', () => {
      for (const askedOn of ['2026-07-01T12:00:00Z', '2026-12-05T12:00:00Z']) {
        Settings.now = () => Date.parse(askedOn);
        const [window] = availabilityIntervals(
          everyDay([{ start: '01:30', end: '02:30' }]),
          ZONE,
          new Date('2026-11-01T00:00:00Z'),
          new Date('2026-11-01T12:00:00Z'),
        );
        expect(asLocal(window.start)).toBe('Sun 2026-11-01 01:30 -03:00');
        expect(window.end.toISOString()).toBe('2026-11-01T06:30:00.000Z');
      }
    });

    it('where the clocks skip midnight (Santiago, 2026-09-06), 24:00 is the next midnight, no day lost', () => {
      const zone = 'America/Santiago';
      const windows = availabilityIntervals(
        availability,
        zone,
        new Date('2026-09-05T12:00:00Z'),
        new Date('2026-09-09T12:00:00Z'),
      ).map((i) => `${asLocalIn(i.start, zone)} – ${asLocalIn(i.end, zone)}`);
      // 00:00 does not exist that day: the window 00:00–00:30 starts when the day does, at 01:00
      expect(windows).toContain('Sun 2026-09-06 01:00 -03:00 – Sun 2026-09-06 01:30 -03:00');
      expect(windows).toContain('Sat 2026-09-05 23:00 -04:00 – Sun 2026-09-06 01:00 -03:00');
      // the day after, 24:00 is midnight again (not 01:00, the time the skipped midnight became)
      expect(windows).toContain('Sun 2026-09-06 23:00 -03:00 – Mon 2026-09-07 00:00 -03:00');
      // and the days go on at midnight: the last day of a year's search is there
      const year = availabilityIntervals(
        availability,
        zone,
        new Date('2026-06-01T00:00Z'),
        new Date('2027-06-01T00:00Z'),
      );
      expect(asLocalIn(year[year.length - 1].start, zone)).toBe('Mon 2027-05-31 09:00 -04:00');
    });
  });
});
