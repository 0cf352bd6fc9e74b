import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../src/config/config';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { fromCents } from '../../src/shared/money';
import { WeeklyAvailability } from '../../src/teachers/availability';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { findRows } from '../plain-rows';
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
  Object.fromEntries(Object.entries(a).map(([day, ws]) => [day, (ws ?? []).map((w) => ({ start: w.start, end: w.end }))]));

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

/** Who may see which teacher is decided here, once: admins all, a teacher only themself. */
function scope(viewer: AuthenticatedUser | null): Record<string, unknown> {
  if (viewer === null) return { active: true };
  if (viewer.role === 'admin') return {};
  if (viewer.role === 'teacher') return { userId: viewer.id };
  return { id: null };
}

async function page<V>(em: EntityManager, where: Record<string, unknown>, filter: TeacherFilter, toView: (r: TeacherRow) => V): Promise<Page<V>> {
  const after = decodeCursor(filter.cursor, [CursorPart.text, CursorPart.text, CursorPart.uuid]);
  const conditions: Record<string, unknown>[] = [where];
  if (filter.instrument) conditions.push({ instruments: { $contains: [filter.instrument] } });
  if (after) {
    const [last, first, id] = after;
    conditions.push({
      $or: [
        { lastNameKey: { $gt: last } },
        { lastNameKey: last, firstNameKey: { $gt: first } },
        { lastNameKey: last, firstNameKey: first, id: { $gt: id } },
      ],
    });
  }
  const rows = await findRows(em, TeacherRow, { $and: conditions }, {
    orderBy: { lastNameKey: 'asc', firstNameKey: 'asc', id: 'asc' },
    limit: filter.limit + 1,
  });
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
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, filter }: ListTeachers): Promise<Page<TeacherView>> {
    return page(this.em.fork(), scope(viewer), filter, (r) => view(r, this.config.academyTimezone));
  }
}

@QueryHandler(GetTeacher)
export class GetTeacherHandler implements IQueryHandler<GetTeacher, TeacherView> {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ viewer, teacherId }: GetTeacher): Promise<TeacherView> {
    const row = await this.em.fork().findOne(TeacherRow, { $and: [scope(viewer), { id: teacherId }] });
    if (!row) throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    return view(row, this.config.academyTimezone);
  }
}

@QueryHandler(ListPublicTeachers)
export class ListPublicTeachersHandler implements IQueryHandler<ListPublicTeachers, Page<PublicTeacherView>> {
  constructor(private readonly em: EntityManager) {}

  async execute({ filter }: ListPublicTeachers): Promise<Page<PublicTeacherView>> {
    return page(this.em.fork(), scope(null), filter, publicView);
  }
}

export const TEACHER_QUERY_HANDLERS = [ListTeachersHandler, GetTeacherHandler, ListPublicTeachersHandler];
