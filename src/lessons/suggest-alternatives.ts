import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { busyByTeacher } from '../../projections/lessons/schedule.queries';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { nearestFreeSlots, UtcInterval } from '../scheduling/academy-time';
import { CalendarState } from '../scheduling/calendar.decider';
import { TeacherState } from '../teachers/teacher.decider';

export interface Alternative {
  teacherId: string;
  startsAt: string;
  endsAt: string;
}

const ALTERNATIVES = { sameTeacher: 3, total: 5, days: 14 };

const intervals = (calendar: CalendarState): UtcInterval[] =>
  Object.values(calendar.bookings).map((b) => ({ start: new Date(b.startsAt), end: new Date(b.endsAt) }));

/**
 * The SuggestAlternatives node of lesson scheduling: the nearest free slots of the same length
 * with the same teacher first, then with other teachers of the instrument who have room.
 */
@Injectable()
export class SuggestAlternatives {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async suggest(
    teacherId: string,
    teacher: Exclude<TeacherState, { status: 'none' }>,
    instrument: string,
    teacherCalendar: CalendarState,
    studentCalendar: CalendarState,
    wanted: UtcInterval,
    duration: number,
    now: Date,
  ): Promise<Alternative[]> {
    const zone = this.config.academyTimezone;
    const studentBusy = intervals(studentCalendar);
    const around = {
      around: wanted.start,
      notBefore: new Date(now.getTime() + 60_000),
      days: ALTERNATIVES.days,
      durationMinutes: duration,
      zone,
    };
    const same = nearestFreeSlots({
      ...around,
      availability: teacher.availability,
      busy: [...intervals(teacherCalendar), ...studentBusy],
      limit: ALTERNATIVES.sameTeacher,
    });
    const out: Alternative[] = same.map((s) => ({
      teacherId,
      startsAt: s.start.toISOString(),
      endsAt: s.end.toISOString(),
    }));

    const em = this.em.fork();
    const others = (
      await em.find(
        TeacherRow,
        { active: true, id: { $ne: teacherId }, instruments: { $contains: [instrument] } },
        { orderBy: { lastNameKey: 'asc', id: 'asc' }, limit: 20 },
      )
    ).filter((t) => t.currentStudents < t.maxStudents);
    // The same window nearestFreeSlots searches: from max(not before, wanted − days), for 2 × days.
    const windowStart = new Date(
      Math.max(around.notBefore.getTime(), wanted.start.getTime() - ALTERNATIVES.days * 86_400_000),
    );
    const windowEnd = new Date(windowStart.getTime() + 2 * ALTERNATIVES.days * 86_400_000);
    const candidates: Alternative[] = [];
    const busyOf = await busyByTeacher(
      em,
      others.map((t) => t.id),
      windowStart,
      windowEnd,
    );
    for (const other of others) {
      const busy = [...(busyOf.get(other.id) ?? []), ...studentBusy];
      for (const s of nearestFreeSlots({ ...around, availability: other.availability, busy, limit: 1 })) {
        candidates.push({ teacherId: other.id, startsAt: s.start.toISOString(), endsAt: s.end.toISOString() });
      }
    }
    const distance = (a: Alternative) => Math.abs(Date.parse(a.startsAt) - wanted.start.getTime());
    candidates.sort((a, b) => distance(a) - distance(b));
    return [...out, ...candidates].slice(0, ALTERNATIVES.total);
  }
}
