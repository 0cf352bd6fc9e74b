import { EntityManager } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { EnrollmentRow, EnrollmentStep } from './enrollment.entity';

/** The workflow's order of steps, for the status view. */
const STEP_ORDER = [
  'ValidateEnrollment',
  'IdentifyFamily',
  'AwaitFamilyConfirmation',
  'CreateStudentAccount',
  'SetupPaymentMethod',
  'AssignTeacher',
  'ScheduleDemoLesson',
  'SendWelcomeEmails',
];

export interface EnrollmentView {
  enrollmentId: string;
  status: string;
  reason?: string;
  instrument: string;
  studentName: string;
  studentId?: string;
  parentId?: string;
  teacherId?: string;
  paymentStatus?: string;
  demoLesson?: { lessonId: string; startsAt: string };
  /** while held for the family's confirmation: when the request expires */
  confirmBy?: string;
  steps: EnrollmentStep[];
  submittedAt: string;
  updatedAt: string;
}

const view = (r: EnrollmentRow): EnrollmentView => ({
  enrollmentId: r.id,
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  instrument: r.instrument,
  studentName: r.studentName,
  ...(r.studentId ? { studentId: r.studentId } : {}),
  ...(r.parentId ? { parentId: r.parentId } : {}),
  ...(r.teacherId ? { teacherId: r.teacherId } : {}),
  ...(r.paymentStatus ? { paymentStatus: r.paymentStatus } : {}),
  ...(r.demoLessonId && r.demoStartsAt
    ? { demoLesson: { lessonId: r.demoLessonId, startsAt: r.demoStartsAt.toISOString() } }
    : {}),
  ...(r.confirmBy ? { confirmBy: r.confirmBy.toISOString() } : {}),
  steps: [...r.steps].sort((a, b) => STEP_ORDER.indexOf(a.name) - STEP_ORDER.indexOf(b.name)),
  submittedAt: r.submittedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Admins see every enrollment; a parent their family's; nobody else any. */
const scope = (viewer: AuthenticatedUser): Record<string, unknown> =>
  viewer.role === 'admin' ? {} : viewer.role === 'parent' ? { parentId: viewer.id } : { id: null };

export class GetEnrollment {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly enrollmentId: string,
  ) {}
}
export class ListEnrollments {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: { status?: string; limit: number; cursor?: string },
  ) {}
}

@QueryHandler(GetEnrollment)
export class GetEnrollmentHandler implements IQueryHandler<GetEnrollment, EnrollmentView> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, enrollmentId }: GetEnrollment): Promise<EnrollmentView> {
    const row = await this.em.fork().findOne(EnrollmentRow, { $and: [scope(viewer), { id: enrollmentId }] });
    if (!row) throw notFound('ENROLLMENT_NOT_FOUND', `no enrollment ${enrollmentId}`);
    return view(row);
  }
}

@QueryHandler(ListEnrollments)
export class ListEnrollmentsHandler implements IQueryHandler<ListEnrollments, Page<EnrollmentView>> {
  constructor(private readonly em: EntityManager) {}

  /** Oldest first: the order they arrived in (and the order the waitlist moves). */
  async execute({ viewer, filter }: ListEnrollments): Promise<Page<EnrollmentView>> {
    const where: Record<string, unknown>[] = [scope(viewer)];
    if (filter.status) where.push({ status: filter.status });
    const after = decodeCursor(filter.cursor, [CursorPart.digits]);
    if (after) where.push({ arrival: { $gt: after[0] } });
    const rows = await this.em
      .fork()
      .find(EnrollmentRow, { $and: where }, { orderBy: { arrival: 'asc' }, limit: filter.limit + 1 });
    return keysetPage(rows, filter.limit, (r) => [r.arrival], view);
  }
}

export const ENROLLMENT_QUERY_HANDLERS = [GetEnrollmentHandler, ListEnrollmentsHandler];
