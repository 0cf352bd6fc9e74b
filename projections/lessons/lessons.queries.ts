import { FAMILY_BOOKING_NOTICE_MS } from '../../src/lessons/notice-periods';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/pg-pool.token';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../../src/config/config';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { freeSlots, UtcInterval } from '../../src/scheduling/academy-time';
import { Clock } from '../../src/shared/clock';
import { invalid, notFound } from '../../src/shared/domain-error';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { StudentRow } from '../students/student.entity';
import { TeacherRow } from '../teachers/teacher.entity';
import { scopeOf, Scope } from '../viewer-scope';
import { LessonRow } from './lesson.entity';

export interface LessonView {
  id: string;
  studentId: string;
  teacherId: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  lessonType: string;
  status: string;
  seriesId: string | null;
  notes: string | null;
  completionNotes: string | null;
  cancelReason: string | null;
  makeupCredit: boolean | null;
}

export const lessonView = (r: LessonRow): LessonView => ({
  id: r.id,
  studentId: r.studentId,
  teacherId: r.teacherId,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  durationMinutes: r.durationMinutes,
  lessonType: r.lessonType,
  status: r.status,
  seriesId: r.seriesId,
  notes: r.notes,
  completionNotes: r.completionNotes,
  cancelReason: r.cancelReason,
  makeupCredit: r.makeupCredit,
});

/** Which lessons a scope sees, as SQL (null: all); the one place lesson reads decide it. */
export function lessonScopeSql(scope: Scope, param: (value: unknown) => string): string | null {
  if ('all' in scope) return null;
  if ('teacherId' in scope) return `teacher_id = ${param(scope.teacherId)}`;
  if ('parentId' in scope) return `student_id IN (SELECT id FROM students WHERE parent_id = ${param(scope.parentId)})`;
  return 'false';
}

export interface LessonFilter {
  from?: Date;
  to?: Date;
  teacherId?: string;
  studentId?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

export class ListLessons {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: LessonFilter,
  ) {}
}
export class GetLesson {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly lessonId: string,
  ) {}
}
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
/** Every lesson of a series the viewer may see, in time order (404 when none). */
export class GetSeriesLessons {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly seriesId: string,
  ) {}
}
/** Which student a viewer may book for (404 when not theirs). */
export class GetBookableStudent {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly studentId: string,
  ) {}
}

/** A lesson's columns, as lessonView reads them. */
const LIST_COLUMNS = `id, student_id AS "studentId", teacher_id AS "teacherId", starts_at AS "startsAt", ends_at AS "endsAt",
  duration_minutes AS "durationMinutes", lesson_type AS "lessonType", status, series_id AS "seriesId", notes,
  completion_notes AS "completionNotes", cancel_reason AS "cancelReason", makeup_credit AS "makeupCredit"`;

/**
 * The most used read of the academy (calendars, schedules, the parent app), in SQL of its own:
 * building it through the ORM's query builder took more CPU than the database spent answering
 * it (docs/benchmarks.md §3).
 */
@QueryHandler(ListLessons)
export class ListLessonsHandler implements IQueryHandler<ListLessons, Page<LessonView>> {
  constructor(
    private readonly em: EntityManager,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ viewer, filter }: ListLessons): Promise<Page<LessonView>> {
    const scope = await scopeOf(this.em.fork(), viewer);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    const scoped = lessonScopeSql(scope, param);
    if (scoped) where.push(scoped);
    if (filter.from) where.push(`starts_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`starts_at < ${param(filter.to)}`);
    if (filter.teacherId) where.push(`teacher_id = ${param(filter.teacherId)}`);
    if (filter.studentId) where.push(`student_id = ${param(filter.studentId)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    const after = decodeCursor(filter.cursor, [CursorPart.instant, CursorPart.uuid]);
    if (after) {
      const [at, id] = after as [string, string];
      where.push(`(starts_at, id) > (${param(new Date(at))}, ${param(id)})`);
    }
    const { rows } = await this.pool.query<LessonRow>(
      `SELECT ${LIST_COLUMNS} FROM lessons ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY starts_at, id LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return keysetPage(rows, filter.limit, (r) => [r.startsAt.toISOString(), r.id], lessonView);
  }
}

@QueryHandler(GetLesson)
export class GetLessonHandler implements IQueryHandler<GetLesson, LessonView> {
  constructor(
    private readonly em: EntityManager,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ viewer, lessonId }: GetLesson): Promise<LessonView> {
    const params: unknown[] = [lessonId];
    const scoped = lessonScopeSql(await scopeOf(this.em.fork(), viewer), (value) => `$${params.push(value)}`);
    const { rows } = await this.pool.query<LessonRow>(
      `SELECT ${LIST_COLUMNS} FROM lessons WHERE id = $1${scoped ? ` AND ${scoped}` : ''}`,
      params,
    );
    const row = rows[0];
    if (!row) throw notFound('LESSON_NOT_FOUND', `no lesson ${lessonId}`);
    return lessonView(row);
  }
}

@QueryHandler(GetSeriesLessons)
export class GetSeriesLessonsHandler implements IQueryHandler<GetSeriesLessons, LessonView[]> {
  constructor(
    private readonly em: EntityManager,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ viewer, seriesId }: GetSeriesLessons): Promise<LessonView[]> {
    const params: unknown[] = [seriesId];
    const scoped = lessonScopeSql(await scopeOf(this.em.fork(), viewer), (value) => `$${params.push(value)}`);
    const { rows } = await this.pool.query<LessonRow>(
      `SELECT ${LIST_COLUMNS} FROM lessons WHERE series_id = $1${scoped ? ` AND ${scoped}` : ''} ORDER BY starts_at, id`,
      params,
    );
    if (!rows.length) throw notFound('SERIES_NOT_FOUND', `no series ${seriesId}`);
    return rows.map(lessonView);
  }
}

@QueryHandler(GetBookableStudent)
export class GetBookableStudentHandler implements IQueryHandler<GetBookableStudent, StudentRow> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, studentId }: GetBookableStudent): Promise<StudentRow> {
    const em = this.em.fork();
    const scope = await scopeOf(em, viewer);
    const row = await em.findOne(StudentRow, { id: studentId });
    const visible =
      row &&
      ('all' in scope ||
        ('parentId' in scope && row.parentId === scope.parentId) ||
        ('teacherId' in scope && row.teacherId === scope.teacherId));
    if (!row || !visible) throw notFound('STUDENT_NOT_FOUND', `no student ${studentId}`);
    return row;
  }
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

export const LESSON_QUERY_HANDLERS = [
  GetSeriesLessonsHandler,
  ListLessonsHandler,
  GetLessonHandler,
  GetBookableStudentHandler,
  GetScheduleViewHandler,
  ListPublicTimeslotsHandler,
];
