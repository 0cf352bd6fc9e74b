import { Inject } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/pg-pool.token';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../src/config/config';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { fromCents } from '../../src/shared/money';
import { WeeklyAvailability } from '../../src/teachers/availability';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { TeacherRow } from './teacher.entity';

export interface TeacherView {
  id: string;
  userId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  instruments: string[];
  hourlyRate: number;
  maxStudents: number;
  currentStudents: number;
  availability: WeeklyAvailability;
  /** the zone availability times are in (the academy's) */
  availabilityTimeZone: string;
  bio: string | null;
  active: boolean;
  registeredAt: string;
  updatedAt: string;
}

export interface PublicTeacherView {
  id: string;
  firstName: string;
  lastName: string;
  instruments: string[];
  bio: string | null;
}

/** Windows as {start, end} in time order (jsonb does not keep key order). */
const windows = (a: WeeklyAvailability): WeeklyAvailability =>
  Object.fromEntries(
    Object.entries(a).map(([day, ws]) => [day, (ws ?? []).map((w) => ({ start: w.start, end: w.end }))]),
  );

const view = (r: TeacherRow, timeZone: string): TeacherView => ({
  id: r.id,
  userId: r.userId,
  firstName: r.firstName,
  lastName: r.lastName,
  email: r.email,
  instruments: r.instruments,
  hourlyRate: fromCents(r.hourlyRateCents),
  maxStudents: r.maxStudents,
  currentStudents: r.currentStudents,
  availability: windows(r.availability),
  availabilityTimeZone: timeZone,
  bio: r.bio,
  active: r.active,
  registeredAt: r.registeredAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const publicView = (r: TeacherRow): PublicTeacherView => ({
  id: r.id,
  firstName: r.firstName,
  lastName: r.lastName,
  instruments: r.instruments,
  bio: r.bio,
});

export interface TeacherFilter {
  instrument?: string;
  limit: number;
  cursor?: string;
}

/**
 * Who may see which teacher is decided here, once, as SQL (null: all): the public the active
 * teachers, admins all, a teacher only themself.
 */
function scopeSql(viewer: AuthenticatedUser | null, param: (value: unknown) => string): string | null {
  if (viewer === null) return 'active';
  if (viewer.role === 'admin') return null;
  if (viewer.role === 'teacher') return `user_id = ${param(viewer.id)}`;
  return 'false';
}

const LIST_COLUMNS = `id, user_id AS "userId", first_name AS "firstName", last_name AS "lastName",
  first_name_key AS "firstNameKey", last_name_key AS "lastNameKey", email, instruments,
  hourly_rate_cents AS "hourlyRateCents", max_students AS "maxStudents", current_students AS "currentStudents",
  availability, bio, active, registered_at AS "registeredAt", updated_at AS "updatedAt", version`;

/**
 * A page of teachers in name order, in SQL of its own: the ORM's query building cost more than the query
 * (docs/benchmarks.md §3).
 */
async function page<V>(
  pool: Pool,
  viewer: AuthenticatedUser | null,
  filter: TeacherFilter,
  toView: (r: TeacherRow) => V,
): Promise<Page<V>> {
  const after = decodeCursor(filter.cursor, [CursorPart.text, CursorPart.text, CursorPart.uuid]);
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [scopeSql(viewer, param)];
  if (filter.instrument) where.push(`instruments @> ARRAY[${param(filter.instrument)}]::text[]`);
  if (after) {
    const [last, first, id] = after;
    where.push(`(last_name_key, first_name_key, id) > (${param(last)}, ${param(first)}, ${param(id)})`);
  }
  const conditions = where.filter((w): w is string => w !== null);
  const { rows } = await pool.query<TeacherRow>(
    `SELECT ${LIST_COLUMNS} FROM teachers ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY last_name_key, first_name_key, id LIMIT ${param(filter.limit + 1)}`,
    params,
  );
  return keysetPage(rows, filter.limit, (r) => [r.lastNameKey, r.firstNameKey, r.id], toView);
}

export class ListTeachers {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: TeacherFilter,
  ) {}
}

export class GetTeacher {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly teacherId: string,
  ) {}
}

export class ListPublicTeachers {
  constructor(readonly filter: TeacherFilter) {}
}

@QueryHandler(ListTeachers)
export class ListTeachersHandler implements IQueryHandler<ListTeachers, Page<TeacherView>> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, filter }: ListTeachers): Promise<Page<TeacherView>> {
    return page(this.pool, viewer, filter, (r) => view(r, this.config.academyTimezone));
  }
}

@QueryHandler(GetTeacher)
export class GetTeacherHandler implements IQueryHandler<GetTeacher, TeacherView> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, teacherId }: GetTeacher): Promise<TeacherView> {
    const params: unknown[] = [teacherId];
    const scoped = scopeSql(viewer, (value) => `$${params.push(value)}`);
    const { rows } = await this.pool.query<TeacherRow>(
      `SELECT ${LIST_COLUMNS} FROM teachers WHERE id = $1${scoped ? ` AND ${scoped}` : ''}`,
      params,
    );
    const row = rows[0];
    if (!row) throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    return view(row, this.config.academyTimezone);
  }
}

@QueryHandler(ListPublicTeachers)
export class ListPublicTeachersHandler implements IQueryHandler<ListPublicTeachers, Page<PublicTeacherView>> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ filter }: ListPublicTeachers): Promise<Page<PublicTeacherView>> {
    return page(this.pool, null, filter, publicView);
  }
}

export const TEACHER_QUERY_HANDLERS = [ListTeachersHandler, GetTeacherHandler, ListPublicTeachersHandler];
