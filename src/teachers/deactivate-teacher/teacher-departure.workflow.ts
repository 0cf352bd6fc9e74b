import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { LessonRow } from '../../../projections/lessons/lesson.entity';
import { StudentRow } from '../../../projections/students/student.entity';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { UserRow } from '../../../projections/users/user.entity';
import { rankTeachers } from '../../enrollment/teacher-matching';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { isEvent } from '../../event-store/stored-event';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { isErasedEmail } from '../../privacy/personal-data';
import { Clock } from '../../shared/clock';
import { DomainError } from '../../shared/domain-error';
import { studentDecider, StudentState } from '../../students/student.decider';
import { StudentEnrolled, studentStream } from '../../students/student.events';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { nodeCommands } from '../../workflows/node-commands';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { teacherDecider, TeacherState } from '../teacher.decider';
import { TeacherDeactivated, TeacherEvent, teacherStream } from '../teacher.events';

/** What follows a teacher leaving: each student another teacher (or the waiting list), each family told once. */
export const TEACHER_DEPARTURE = {
  name: 'teacher-departure',
  description:
    "A deactivated teacher's students: each is taken off the teacher, matched to the best other teacher of the " +
    'instrument with room (the enrollment scoring) or left waiting for one, and the family gets one email saying ' +
    'which, with the lessons still booked with the teacher who leaves',
  startsWith: ['TeacherDeactivated'],
  nodes: [
    {
      name: 'ReassignStudents',
      command: 'ReassignStudentsOfTeacher',
      on: ['TeacherDeactivated'],
      emits: ['TeacherUnassigned', 'TeacherSeatTaken', 'TeacherAssigned'],
      sendsEmail: true,
      description:
        'booked lessons are not touched: the office reassigns or cancels them (GET /api/v1/teachers/:id/handover ' +
        'lists them)',
    },
  ],
} as const satisfies WorkflowDefinition;

export class ReassignStudentsOfTeacher implements ICommand {
  constructor(
    readonly event: { eventId: string; data: TeacherDeactivated['data'] },
    readonly context: CommandContext,
  ) {}
}

/**
 * Gives a student who lost their teacher the enrollment's matching: the best other active
 * teacher of the instrument with a seat (the seat taken on the teacher's stream first). The
 * new teacher's id, or null when none has room (the student waits; the waitlist-recheck job
 * tries again).
 */
export class ReassignStudent implements ICommand {
  constructor(
    readonly data: { studentId: string; leavingTeacherId: string | null },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ReassignStudent)
export class ReassignStudentHandler implements ICommandHandler<ReassignStudent, string | null> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ data, context }: ReassignStudent): Promise<string | null> {
    return this.reassign(data.studentId, data.leavingTeacherId, context);
  }

  /** The enrollment's matching, for a student who had a teacher: the best other active teacher with a seat. */
  private async reassign(studentId: string, leaving: string | null, ctx: CommandContext): Promise<string | null> {
    const student = await this.executor.load<StudentState, never>(studentStream(studentId), studentDecider);
    if (student.status !== 'active') return null;
    if (student.teacherId) return student.teacherId; // assigned by an earlier run of this step
    const [enrolled] = await this.store.readStream(studentStream(studentId), { limit: 1 });
    const prefs = isEvent<StudentEnrolled>('StudentEnrolled')(enrolled) ? enrolled.data : undefined;
    const rows = (
      await this.em.fork().find(TeacherRow, { active: true, instruments: { $contains: [student.instrument] } })
    ).filter((r) => r.id !== leaving);
    // A seat taken by an earlier run (stopped before the assignment) is this student's.
    for (const row of rows) {
      const teacher = await this.executor.load<TeacherState, never>(teacherStream(row.id), teacherDecider);
      if (teacher.status === 'active' && teacher.students.includes(studentId))
        return this.assign(studentId, row.id, ctx);
    }
    const ranked = rankTeachers(rows, {
      instrument: student.instrument,
      preferredLessonDay: prefs?.preferredLessonDay ?? null,
      preferredLessonTime: prefs?.preferredLessonTime ?? null,
    });
    for (const candidate of ranked) {
      try {
        await this.executor.execute(
          teacherStream(candidate.id),
          teacherDecider,
          { type: 'TakeTeacherSeat', teacherId: candidate.id, studentId },
          subContext(ctx, `seat-${candidate.id}`),
        );
      } catch (err) {
        if (err instanceof DomainError && (err.code === 'TEACHER_FULL' || err.code === 'TEACHER_INACTIVE')) continue;
        throw err;
      }
      return this.assign(studentId, candidate.id, ctx);
    }
    return null;
  }

  private async assign(studentId: string, teacherId: string, ctx: CommandContext): Promise<string> {
    await this.executor.execute(
      studentStream(studentId),
      studentDecider,
      { type: 'AssignTeacher', studentId, teacherId, enrollmentId: null },
      subContext(ctx, 'assign'),
    );
    return teacherId;
  }
}

export interface StudentReassignment {
  studentId: string;
  /** null: no teacher of the instrument had room; the student waits */
  newTeacherId: string | null;
}

@CommandHandler(ReassignStudentsOfTeacher)
export class ReassignStudentsOfTeacherHandler implements ICommandHandler<
  ReassignStudentsOfTeacher,
  StudentReassignment[]
> {
  private readonly logger = new Logger('TeacherDeparture');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    private readonly clock: Clock,
  ) {}

  async execute({ event, context }: ReassignStudentsOfTeacher): Promise<StudentReassignment[]> {
    const out: StudentReassignment[] = [];
    for (const studentId of event.data.students) {
      const ctx = subContext(context, studentId);
      await this.executor.execute(
        studentStream(studentId),
        studentDecider,
        { type: 'UnassignTeacher', studentId, teacherId: event.data.teacherId, reason: 'the teacher left the academy' },
        subContext(ctx, 'unassign'),
      );
      const newTeacherId = await this.commands.execute<ReassignStudent, string | null>(
        new ReassignStudent({ studentId, leavingTeacherId: event.data.teacherId }, subContext(ctx, 'reassign')),
      );
      out.push({ studentId, newTeacherId });
      await this.tellFamily(event, studentId, newTeacherId, ctx);
    }
    return out;
  }

  private async tellFamily(
    event: ReassignStudentsOfTeacher['event'],
    studentId: string,
    newTeacherId: string | null,
    ctx: CommandContext,
  ): Promise<void> {
    const em = this.em.fork();
    const [student, leaving, next] = await Promise.all([
      em.findOne(StudentRow, { id: studentId }),
      em.findOne(TeacherRow, { id: event.data.teacherId }),
      newTeacherId ? em.findOne(TeacherRow, { id: newTeacherId }) : Promise.resolve(null),
    ]);
    if (!student || !leaving)
      throw new Error(
        `teacher departure: student ${studentId} or teacher ${event.data.teacherId} not in the read models yet`,
      );
    const parent = await em.findOne(UserRow, { id: student.parentId });
    if (!parent || isErasedEmail(parent.email)) {
      if (!parent) this.logger.warn(`no family email for student ${studentId}: no parent account on record`);
      return;
    }
    const booked = await em.find(
      LessonRow,
      { studentId, teacherId: event.data.teacherId, status: 'scheduled', startsAt: { $gt: this.clock.now() } },
      { orderBy: { startsAt: 'asc' } },
    );
    const name = (x: { firstName: string; lastName: string }) => `${x.firstName} ${x.lastName}`;
    await this.outbox.request({
      key: `teacher-leaving:${event.eventId}:${studentId}`,
      to: parent.email,
      template: 'teacher-leaving',
      data: {
        studentName: name(student),
        teacherName: name(leaving),
        instrument: student.instrument,
        ...(next ? { newTeacherName: name(next) } : {}),
        ...(booked.length ? { lessons: booked.map((l) => ({ startsAt: l.startsAt.toISOString() })) } : {}),
      },
      causedByEventId: event.eventId,
      correlationId: ctx.correlationId,
    });
  }
}

@ReactorProvider()
@Injectable()
export class TeacherDepartureWorkflow extends WorkflowSaga {
  readonly definition = TEACHER_DEPARTURE;
  protected readonly commands = nodeCommands<TeacherEvent>()(TEACHER_DEPARTURE, {
    ReassignStudents: (e, ctx) => new ReassignStudentsOfTeacher({ eventId: e.eventId, data: e.data }, ctx),
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}
