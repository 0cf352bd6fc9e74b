import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import * as nodeIcal from 'node-ical';

/**
 * An iCalendar feed read by two independent parsers, as two calendar apps would: ical.js (what
 * Thunderbird and many web calendars build on) and node-ical. Each event comes out as the
 * instant its start means, or 'floating' when the feed leaves it to the reader's own time zone
 * (a TZID with no VTIMEZONE is floating to ical.js: each device would show it somewhere else).
 */
export interface ParsedEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  status: string | null;
  sequence: number;
  lastModified: string | null;
}

export type Parser = (text: string) => ParsedEvent[];

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export const withIcalJs: Parser = (text) => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const instant = (t: ICAL.Time) => (t.zone?.tzid === 'floating' ? 'floating' : iso(t.toJSDate()));
    const lastModified = v.getFirstPropertyValue('last-modified') as ICAL.Time | null;
    return {
      uid: e.uid,
      start: instant(e.startDate),
      end: instant(e.endDate),
      summary: e.summary,
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
      sequence: e.sequence ?? 0,
      lastModified: lastModified ? instant(lastModified) : null,
    };
  });
};

export const withNodeIcal: Parser = (text) => {
  const parsed = nodeIcal.sync.parseICS(text);
  return Object.values(parsed)
    .filter((c): c is nodeIcal.VEvent => c?.type === 'VEVENT')
    .map((e) => ({
      uid: e.uid,
      start: iso(e.start),
      end: e.end ? iso(e.end) : 'none',
      summary: typeof e.summary === 'string' ? e.summary : e.summary.val,
      status: e.status ?? null,
      sequence: Number(e.sequence ?? 0),
      lastModified: e.lastmodified ? iso(e.lastmodified) : null,
    }));
};

export const PARSERS: [string, Parser][] = [
  ['ical.js', withIcalJs],
  ['node-ical', withNodeIcal],
];

/** The wall-clock time of an instant in a zone, 'Mon 17:00'; 'floating' stays 'floating'. */
export const localTime = (instant: string, zone: string) =>
  instant === 'floating' ? 'floating' : DateTime.fromISO(instant, { zone }).toFormat('ccc HH:mm');
