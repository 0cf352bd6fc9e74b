import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { StudentRow } from '../../../projections/students/student.entity';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { UserRow } from '../../../projections/users/user.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { isErasedEmail } from '../../privacy/personal-data';
import { Clock } from '../../shared/clock';
import { DomainError } from '../../shared/domain-error';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { nodeCommands } from '../../workflows/node-commands';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { isEvent, StoredEvent } from '../../event-store/stored-event';
import { lessonDecider } from '../lesson.decider';
import { LessonCancelled, lessonStream } from '../lesson.events';
import { LessonChangesWorkflow } from '../lesson-changes.workflow';
import { creditExpiry } from '../lesson-follow-ups.handlers';
import { LessonsCancelledTogether } from './lesson-cancellation.events';

/** What follows several lessons cancelled together: each lesson cancelled, then one notice each. */
export const LESSON_CANCELLATION = {
  name: 'lesson-cancellation',
  description:
    "Several lessons cancelled as one change (a series or the rest of it, lessons outside a teacher's new hours): " +
    'each lesson cancelled with its credit and freed slots, then one email to each family and one to the teacher ' +
    'listing every date',
  startsWith: ['LessonsCancelledTogether'],
  nodes: [
    {
      name: 'CancelEachLesson',
      command: 'CancelLessonsOfCancellation',
      on: ['LessonsCancelledTogether'],
      emits: ['LessonCancelled'],
      description:
        'each lesson records its cancellation (lesson-changes then frees both calendars and grants the credit); a ' +
        'lesson cancelled or completed meanwhile is left as it is',
    },
    {
      name: 'SendCancellationNotices',
      command: 'RequestCancellationNotices',
      on: ['LessonsCancelledTogether'],
      emits: [],
      sendsEmail: true,
      description:
        'one email per family (its dates, which earned a credit, until when) and one per teacher (every date with ' +
        'the student)',
    },
  ],
} as const satisfies WorkflowDefinition;

export class CancelLessonsOfCancellation implements ICommand {
  constructor(
    readonly event: { eventId: string; occurredAt: string; data: LessonsCancelledTogether['data'] },
    readonly context: CommandContext,
  ) {}
}

export class RequestCancellationNotices implements ICommand {
  constructor(
    readonly event: { eventId: string; occurredAt: string; data: LessonsCancelledTogether['data'] },
    readonly context: CommandContext,
  ) {}
}

/**
 * Cancels each lesson with the cancellation's reason, initiator and time (so each earns the very
 * credit the cancellation recorded), then runs its follow-ups at once, as a single cancellation does.
 */
@CommandHandler(CancelLessonsOfCancellation)
export class CancelLessonsOfCancellationHandler implements ICommandHandler<CancelLessonsOfCancellation> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly followUps: LessonChangesWorkflow,
  ) {}

  async execute({ event, context }: CancelLessonsOfCancellation): Promise<void> {
    const d = event.data;
    for (const lesson of d.lessons) {
      try {
        await this.executor.execute(
          lessonStream(lesson.lessonId),
          lessonDecider,
          {
            type: 'CancelLesson',
            lessonId: lesson.lessonId,
            reason: d.reason,
            initiatedBy: d.initiatedBy,
            at: event.occurredAt,
            cancellationId: d.cancellationId,
          },
          subContext(context, lesson.lessonId),
        );
      } catch (err) {
        // Cancelled on its own, completed or marked a no-show meanwhile: it stays as it is.
        if (err instanceof DomainError && err.code === 'LESSON_NOT_SCHEDULED') continue;
        throw err;
      }
      const [last] = await this.store.readStream(lessonStream(lesson.lessonId), { direction: 'backwards', limit: 1 });
      if (isEvent<LessonCancelled>('LessonCancelled')(last) && last.data.cancellationId === d.cancellationId) {
        await this.followUps.handle(last);
      }
    }
  }
}

@CommandHandler(RequestCancellationNotices)
export class RequestCancellationNoticesHandler implements ICommandHandler<RequestCancellationNotices> {
  private readonly logger = new Logger('LessonCancellationEmails');

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ event, context }: RequestCancellationNotices): Promise<void> {
    const d = event.data;
    const em = this.em.fork();
    const studentIds = [...new Set(d.lessons.map((l) => l.studentId))];
    const teacherIds = [...new Set(d.lessons.map((l) => l.teacherId))];
    const [students, teachers] = await Promise.all([
      em.find(StudentRow, { id: { $in: studentIds } }),
      em.find(TeacherRow, { id: { $in: teacherIds } }),
    ]);
    const studentOf = new Map(students.map((s) => [s.id, s]));
    const teacherOf = new Map(teachers.map((t) => [t.id, t]));
    if (students.length < studentIds.length || teachers.length < teacherIds.length) {
      throw new Error(`cancellation ${d.cancellationId}: a student or teacher is not in the read models yet`);
    }
    const nameOf = (x: { firstName: string; lastName: string }) => `${x.firstName} ${x.lastName}`;
    const reason = d.reason ? { reason: d.reason } : {};
    const send = (key: string, to: string, template: 'lessons-cancelled' | 'teacher-lessons-cancelled', data: object) =>
      this.outbox.request({
        key,
        to,
        template,
        data: { ...reason, ...data },
        causedByEventId: event.eventId,
        correlationId: context.correlationId,
      });

    for (const teacherId of teacherIds) {
      const teacher = teacherOf.get(teacherId)!;
      const lessons = d.lessons.filter((l) => l.teacherId === teacherId);
      await send(
        `teacher-lessons-cancelled:${d.cancellationId}:${teacherId}`,
        teacher.email,
        'teacher-lessons-cancelled',
        {
          teacherName: nameOf(teacher),
          lessons: lessons.map((l) => ({ startsAt: l.startsAt, studentName: nameOf(studentOf.get(l.studentId)!) })),
          lessonCount: lessons.length,
          firstStartsAt: lessons[0].startsAt,
        },
      );
    }

    const parents = await em.find(UserRow, { id: { $in: students.map((s) => s.parentId) } });
    for (const studentId of studentIds) {
      const student = studentOf.get(studentId)!;
      const parent = parents.find((p) => p.id === student.parentId);
      if (!parent) {
        this.logger.warn(
          `no family email for cancellation ${d.cancellationId}: student ${studentId} has no parent account on record`,
        );
        continue;
      }
      if (isErasedEmail(parent.email)) continue; // the family was forgotten: nobody to write to
      const lessons = d.lessons.filter((l) => l.studentId === studentId);
      const credits = lessons.filter((l) => l.makeupCredit).length;
      await send(`lessons-cancelled:${d.cancellationId}:${studentId}`, parent.email, 'lessons-cancelled', {
        studentName: nameOf(student),
        teacherName: nameOf(teacherOf.get(lessons[0].teacherId)!),
        instrument: student.instrument,
        lessons: lessons.map((l) => ({ startsAt: l.startsAt, makeupCredit: l.makeupCredit })),
        lessonCount: lessons.length,
        firstStartsAt: lessons[0].startsAt,
        creditCount: credits,
        ...(credits ? { creditExpiresAt: creditExpiry(event.occurredAt, this.config.makeupCreditDays) } : {}),
      });
    }
  }
}

const eventOf = (e: StoredEvent<LessonsCancelledTogether>) => ({
  eventId: e.eventId,
  occurredAt: e.metadata.occurredAt,
  data: e.data,
});

@ReactorProvider()
@Injectable()
export class LessonCancellationWorkflow extends WorkflowSaga {
  readonly definition = LESSON_CANCELLATION;
  protected readonly commands = nodeCommands<LessonsCancelledTogether>()(LESSON_CANCELLATION, {
    CancelEachLesson: (e, ctx) => new CancelLessonsOfCancellation(eventOf(e), ctx),
    SendCancellationNotices: (e, ctx) => new RequestCancellationNotices(eventOf(e), ctx),
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

export const LESSON_CANCELLATION_HANDLERS = [CancelLessonsOfCancellationHandler, RequestCancellationNoticesHandler];
