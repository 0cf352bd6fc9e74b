import { Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { lessonDecider } from '../../lessons/lesson.decider';
import { lessonStream } from '../../lessons/lesson.events';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { Clock } from '../../shared/clock';
import { DomainError } from '../../shared/domain-error';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { teacherDecider } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { nodeCommands } from '../../workflows/node-commands';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { studentDecider, StudentState } from '../student.decider';
import { StudentEvent, studentStream } from '../student.events';

/** Gives the withdrawn student's seat back (the waitlist then moves). */
export class ReleaseStudentSeat implements ICommand {
  constructor(
    readonly studentId: string,
    readonly context: CommandContext,
  ) {}
}
/** Cancels the withdrawn student's lessons still to come (no makeup credit). */
export class CancelFutureLessons implements ICommand {
  constructor(
    readonly studentId: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ReleaseStudentSeat)
export class ReleaseStudentSeatHandler implements ICommandHandler<ReleaseStudentSeat> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ studentId, context }: ReleaseStudentSeat) {
    const student = await this.executor.load<StudentState, never>(studentStream(studentId), studentDecider);
    if (student.status === 'none' || !student.teacherId) return;
    await this.executor.execute(
      teacherStream(student.teacherId),
      teacherDecider,
      { type: 'ReleaseTeacherSeat', teacherId: student.teacherId, studentId },
      context,
    );
  }
}

@CommandHandler(CancelFutureLessons)
export class CancelFutureLessonsHandler implements ICommandHandler<CancelFutureLessons> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ studentId, context }: CancelFutureLessons) {
    const calendar = await this.executor.load<CalendarState, never>(
      calendarStream('student', studentId),
      calendarDecider,
    );
    for (const slot of Object.values(calendar.bookings)) {
      if (slot.startsAt <= context.issuedAt) continue;
      try {
        await this.executor.execute(
          lessonStream(slot.lessonId),
          lessonDecider,
          {
            type: 'CancelLesson',
            lessonId: slot.lessonId,
            reason: 'the student withdrew',
            initiatedBy: 'withdrawal',
            at: context.issuedAt,
          },
          subContext(context, slot.lessonId),
        );
      } catch (err) {
        // Completed, cancelled or never written: nothing to cancel.
        if (!(err instanceof DomainError)) throw err;
      }
    }
  }
}

export const STUDENT_WITHDRAWAL = {
  name: 'student-withdrawal',
  description:
    "A withdrawn student gives their teacher's seat back (the waitlist moves) and their future lessons are cancelled",
  startsWith: ['StudentWithdrawn'],
  nodes: [
    {
      name: 'ReleaseTeacherSeat',
      command: 'ReleaseStudentSeat',
      on: ['StudentWithdrawn'],
      emits: ['TeacherSeatReleased'],
    },
    {
      name: 'CancelFutureLessons',
      command: 'CancelFutureLessons',
      on: ['StudentWithdrawn'],
      emits: ['LessonCancelled'],
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class StudentWithdrawalWorkflow extends WorkflowSaga {
  readonly definition = STUDENT_WITHDRAWAL;
  protected readonly commands = nodeCommands<StudentEvent>()(STUDENT_WITHDRAWAL, {
    ReleaseTeacherSeat: (e, ctx) => new ReleaseStudentSeat(e.data.studentId, ctx),
    CancelFutureLessons: (e, ctx) => new CancelFutureLessons(e.data.studentId, ctx),
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

export const STUDENT_WITHDRAWAL_HANDLERS = [ReleaseStudentSeatHandler, CancelFutureLessonsHandler];
