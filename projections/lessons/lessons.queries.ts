import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/pg-pool.token';
import { selectRows } from '../../src/database/select-rows';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { StudentRow } from '../students/student.entity';
import { scopeOf } from '../viewer-scope';
import { LessonRow } from './lesson.entity';
import { LessonView, lessonScopeSql, lessonView, LIST_COLUMNS } from './lesson.view';
import { GetScheduleViewHandler, ListPublicTimeslotsHandler } from './schedule.queries';

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
    const scope = await scopeOf(this.em, viewer);
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
    const scoped = lessonScopeSql(await scopeOf(this.em, viewer), (value) => `$${params.push(value)}`);
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
    const scoped = lessonScopeSql(await scopeOf(this.em, viewer), (value) => `$${params.push(value)}`);
    const { rows } = await this.pool.query<LessonRow>(
      `SELECT ${LIST_COLUMNS} FROM lessons WHERE series_id = $1${scoped ? ` AND ${scoped}` : ''}` +
        ' ORDER BY starts_at, id',
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
    // Before every booking: the student through the driver (selectRows), not a unit of work.
    const [scope, [row]] = await Promise.all([
      scopeOf(this.em, viewer),
      selectRows(this.em, StudentRow, 'id = ?', [studentId]),
    ]);
    const visible =
      row &&
      ('all' in scope ||
        ('parentId' in scope && row.parentId === scope.parentId) ||
        ('teacherId' in scope && row.teacherId === scope.teacherId));
    if (!row || !visible) throw notFound('STUDENT_NOT_FOUND', `no student ${studentId}`);
    return row;
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
