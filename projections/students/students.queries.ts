import { ERASED } from '../../src/privacy/personal-data';
import { EntityManager } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { fromCents } from '../../src/shared/money';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { scopeOf, Scope } from '../viewer-scope';
import { StudentRow } from './student.entity';

export interface StudentView {
  id: string;
  parentId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  instrument: string;
  skillLevel: string;
  lessonRate: number;
  lessonDurationMinutes: number;
  teacherId: string | null;
  active: boolean;
  makeupCredits: number;
  enrolledAt: string;
}

const view = (r: StudentRow): StudentView => ({
  id: r.id,
  parentId: r.parentId,
  firstName: r.firstName,
  lastName: r.lastName,
  dateOfBirth: r.dateOfBirth ?? ERASED,
  instrument: r.instrument,
  skillLevel: r.skillLevel,
  lessonRate: fromCents(r.lessonRateCents),
  lessonDurationMinutes: r.lessonDurationMinutes,
  teacherId: r.teacherId,
  active: r.active,
  makeupCredits: r.makeupCredits,
  enrolledAt: r.enrolledAt.toISOString(),
});

/** Admins all students; a parent their children; a teacher the students assigned to them. */
function studentScope(scope: Scope): Record<string, unknown> {
  if ('all' in scope) return {};
  if ('parentId' in scope) return { parentId: scope.parentId };
  if ('teacherId' in scope) return { teacherId: scope.teacherId };
  return { id: null };
}

export class ListStudents {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: { instrument?: string; teacherId?: string; active?: boolean; limit: number; cursor?: string },
  ) {}
}
export class GetStudent {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly studentId: string,
  ) {}
}

@QueryHandler(ListStudents)
export class ListStudentsHandler implements IQueryHandler<ListStudents, Page<StudentView>> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, filter }: ListStudents): Promise<Page<StudentView>> {
    const em = this.em.fork();
    const where: Record<string, unknown>[] = [studentScope(await scopeOf(em, viewer))];
    if (filter.instrument) where.push({ instrument: filter.instrument });
    if (filter.teacherId) where.push({ teacherId: filter.teacherId });
    if (filter.active !== undefined) where.push({ active: filter.active });
    const after = decodeCursor(filter.cursor, [CursorPart.instant, CursorPart.uuid]);
    if (after)
      where.push({
        $or: [{ enrolledAt: { $gt: new Date(after[0]) } }, { enrolledAt: new Date(after[0]), id: { $gt: after[1] } }],
      });
    const rows = await em.find(
      StudentRow,
      { $and: where },
      { orderBy: { enrolledAt: 'asc', id: 'asc' }, limit: filter.limit + 1 },
    );
    return keysetPage(rows, filter.limit, (r) => [r.enrolledAt.toISOString(), r.id], view);
  }
}

@QueryHandler(GetStudent)
export class GetStudentHandler implements IQueryHandler<GetStudent, StudentView> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, studentId }: GetStudent): Promise<StudentView> {
    const em = this.em.fork();
    const row = await em.findOne(StudentRow, { $and: [studentScope(await scopeOf(em, viewer)), { id: studentId }] });
    if (!row) throw notFound('STUDENT_NOT_FOUND', `no student ${studentId}`);
    return view(row);
  }
}

export const STUDENT_QUERY_HANDLERS = [ListStudentsHandler, GetStudentHandler];
