import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CommandContext } from '../cqrs/command-context';
import { CommandExecutor } from '../cqrs/command-executor';
import { calendarDecider } from '../scheduling/calendar.decider';
import { CalendarOwner, calendarStream } from '../scheduling/calendar.events';
import { deriveId } from '../shared/ids';
import { studentDecider } from '../students/student.decider';
import { studentStream } from '../students/student.events';
import { lessonDecider, LessonState } from './lesson.decider';
import { lessonStream } from './lesson.events';

/** Frees a cancelled lesson's slot on one calendar. */
export class ReleaseLessonSlot implements ICommand {
  constructor(
    readonly data: { lessonId: string; owner: CalendarOwner },
    readonly context: CommandContext,
  ) {}
}

/**
 * Gives the student the makeup credit a cancellation earned, usable until `cancelledAt` + the credit period,
 * for a lesson up to the cancelled one's length.
 */
export class GrantLessonMakeupCredit implements ICommand {
  constructor(
    readonly data: { lessonId: string; cancelledAt: string },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ReleaseLessonSlot)
export class ReleaseLessonSlotHandler implements ICommandHandler<ReleaseLessonSlot> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ data, context }: ReleaseLessonSlot) {
    const lesson = await this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider);
    if (lesson.status !== 'cancelled') return;
    const ownerId = data.owner === 'teacher' ? lesson.teacherId : lesson.studentId;
    await this.executor.execute(
      calendarStream(data.owner, ownerId),
      calendarDecider,
      { type: 'ReleaseSlot', owner: data.owner, ownerId, lessonId: data.lessonId, reason: 'cancelled' },
      context,
    );
  }
}

@CommandHandler(GrantLessonMakeupCredit)
export class GrantLessonMakeupCreditHandler implements ICommandHandler<GrantLessonMakeupCredit> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ data, context }: GrantLessonMakeupCredit) {
    const lesson = await this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider);
    if (lesson.status !== 'cancelled') return;
    await this.executor.execute(
      studentStream(lesson.studentId),
      studentDecider,
      {
        type: 'GrantMakeupCredit',
        studentId: lesson.studentId,
        creditId: deriveId('makeup-credit', data.lessonId),
        lessonId: data.lessonId,
        lessonMinutes: lesson.durationMinutes,
        expiresAt: creditExpiry(data.cancelledAt, this.config.makeupCreditDays),
      },
      context,
    );
  }
}

export const LESSON_FOLLOW_UP_HANDLERS = [ReleaseLessonSlotHandler, GrantLessonMakeupCreditHandler];

/** When a makeup credit granted for a cancellation at `cancelledAt` expires. */
export const creditExpiry = (cancelledAt: string, days: number): string =>
  DateTime.fromISO(cancelledAt).plus({ days }).toUTC().toISO()!;
