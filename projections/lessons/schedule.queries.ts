import { FAMILY_BOOKING_NOTICE_MS } from '../../src/lessons/notice-periods';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../../src/config/config';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { freeSlots, UtcInterval } from '../../src/scheduling/academy-time';
import { Clock } from '../../src/shared/clock';
import { invalid, notFound } from '../../src/shared/domain-error';
import { TeacherRow } from '../teachers/teacher.entity';
import { scopeOf } from '../viewer-scope';
import { LessonRow } from './lesson.entity';
import { LessonView, lessonView } from './lesson.view';

/** The reads of free time: a teacher's schedule by day, and the open slots the public site offers. */

export class GetScheduleView {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly teacherId: string,
    readonly from: Date,
    readonly to: Date,
    readonly slotMinutes: number,
  ) {}
}
export class ListPublicTimeslots {
  constructor(
    readonly instrument: string,
    readonly from: Date,
    readonly to: Date,
    readonly durationMinutes: number,
    readonly limit: number,
  ) {}
}
/** Scheduled lessons of several teachers overlapping [from, to), as busy intervals by teacher: one query. */
export async function busyByTeacher(
  em: EntityManager,
  teacherIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, UtcInterval[]>> {
  const busy = new Map<string, UtcInterval[]>(teacherIds.map((id) => [id, []]));
  if (teacherIds.length === 0) return busy;
  const lessons = await em.find(LessonRow, {
    teacherId: { $in: [...teacherIds] },
    status: 'scheduled',
    startsAt: { $lt: to },
    endsAt: { $gt: from },
  });
  for (const l of lessons) busy.get(l.teacherId)?.push({ start: l.startsAt, end: l.endsAt });
  return busy;
}

const MAX_RANGE_DAYS = 62;

function checkRange(from: Date, to: Date): void {
  if (!(from < to)) throw invalid('INVALID_RANGE', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw invalid('RANGE_TOO_LONG', `ask for at most ${MAX_RANGE_DAYS} days at a time`);
}

@QueryHandler(GetScheduleView)
export class GetScheduleViewHandler implements IQueryHandler<GetScheduleView> {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Days in the academy's time zone, each with its lessons and the free slots left. */
  async execute({ viewer, teacherId, from, to, slotMinutes }: GetScheduleView) {
    checkRange(from, to);
    const em = this.em.fork();
    const scope = await scopeOf(em, viewer);
    if (!('all' in scope) && !('teacherId' in scope && scope.teacherId === teacherId))
      throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    const teacher = await em.findOne(TeacherRow, { id: teacherId });
    if (!teacher) throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    const zone = this.config.academyTimezone;
    const lessons = await em.find(
      LessonRow,
      { teacherId, startsAt: { $lt: to }, endsAt: { $gt: from } },
      { orderBy: { startsAt: 'asc' } },
    );
    const busy = lessons.filter((l) => l.status === 'scheduled').map((l) => ({ start: l.startsAt, end: l.endsAt }));
    const free = freeSlots({
      availability: teacher.availability,
      zone,
      busy,
      durationMinutes: slotMinutes,
      stepMinutes: slotMinutes,
      from,
      days: Math.ceil((to.getTime() - from.getTime()) / 86_400_000),
      limit: 5000,
    }).filter((s) => s.end <= to);
    const days = new Map<
      string,
      { date: string; lessons: LessonView[]; freeSlots: { startsAt: string; endsAt: string }[] }
    >();
    const localDate = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const day = (d: Date) => {
      const key = localDate.format(d);
      if (!days.has(key)) days.set(key, { date: key, lessons: [], freeSlots: [] });
      return days.get(key)!;
    };
    for (let d = DateTime.fromJSDate(from, { zone }).startOf('day'); d.toJSDate() < to; d = d.plus({ days: 1 }))
      day(d.toJSDate());
    for (const l of lessons) day(l.startsAt).lessons.push(lessonView(l));
    for (const s of free) day(s.start).freeSlots.push({ startsAt: s.start.toISOString(), endsAt: s.end.toISOString() });
    return { teacherId, timeZone: zone, days: [...days.values()] };
  }
}

@QueryHandler(ListPublicTimeslots)
export class ListPublicTimeslotsHandler implements IQueryHandler<ListPublicTimeslots> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Open slots of teachers of an instrument who have room for another student. */
  async execute({ instrument, from, to, durationMinutes, limit }: ListPublicTimeslots) {
    checkRange(from, to);
    const em = this.em.fork();
    // Only what a family could book: a start more than the notice period ahead.
    const start = new Date(Math.max(from.getTime(), this.clock.now().getTime() + FAMILY_BOOKING_NOTICE_MS + 1));
    const teachers = (
      await em.find(
        TeacherRow,
        { active: true, instruments: { $contains: [instrument] } },
        { orderBy: { lastNameKey: 'asc', id: 'asc' } },
      )
    ).filter((t) => t.currentStudents < t.maxStudents);
    const slots: { teacherId: string; startsAt: string; endsAt: string }[] = [];
    const busyOf = await busyByTeacher(
      em,
      teachers.map((t) => t.id),
      start,
      to,
    );
    for (const t of teachers) {
      const busy = busyOf.get(t.id) ?? [];
      const days = Math.ceil((to.getTime() - start.getTime()) / 86_400_000);
      for (const s of freeSlots({
        availability: t.availability,
        zone: this.config.academyTimezone,
        busy,
        durationMinutes,
        stepMinutes: 30,
        from: start,
        days,
        limit,
      })) {
        if (s.end <= to) slots.push({ teacherId: t.id, startsAt: s.start.toISOString(), endsAt: s.end.toISOString() });
      }
    }
    slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.teacherId.localeCompare(b.teacherId));
    return slots.slice(0, limit);
  }
}
