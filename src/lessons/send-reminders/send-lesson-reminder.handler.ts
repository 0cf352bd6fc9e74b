import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { StudentRow } from '../../../projections/students/student.entity';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { UserRow } from '../../../projections/users/user.entity';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { deriveId } from '../../shared/ids';
import { lessonDecider, LessonState } from '../lesson.decider';
import { lessonStream } from '../lesson.events';

/** The outbox key of a lesson's reminder: one reminder per lesson, whoever asks how often. */
export const REMINDER_KEY_PREFIX = 'lesson-reminder-24h:';
export const reminderKey = (lessonId: string) => `${REMINDER_KEY_PREFIX}${lessonId}`;

/** Reminds the family of a lesson starting within 24 h (issued by the lesson-reminders job). */
export class SendLessonReminder implements ICommand {
  constructor(
    readonly lessonId: string,
    readonly context: CommandContext,
  ) {}
}

export type ReminderOutcome = 'reminded' | 'not-due' | 'no-recipient';

/**
 * Records LessonReminderSent on the lesson (the decider refuses a cancelled lesson, one not
 * within 24 h, or one already reminded), then asks the outbox for the email under the lesson's
 * reminder key. A redelivered command finds its event already recorded and asks again: the
 * outbox key makes that the same email.
 */
@CommandHandler(SendLessonReminder)
export class SendLessonReminderHandler implements ICommandHandler<SendLessonReminder, ReminderOutcome> {
  private readonly logger = new Logger('LessonReminders');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
  ) {}

  async execute({ lessonId, context }: SendLessonReminder): Promise<ReminderOutcome> {
    const result = await this.executor.execute(
      lessonStream(lessonId),
      lessonDecider,
      { type: 'RecordLessonReminder', lessonId, at: context.issuedAt },
      context,
    );
    if (result.events.length === 0 && !result.alreadyApplied) return 'not-due';
    const lesson = await this.executor.load<LessonState, never>(lessonStream(lessonId), lessonDecider);
    if (lesson.status === 'none') return 'not-due';
    const em = this.em.fork();
    const [student, teacher] = await Promise.all([
      em.findOne(StudentRow, { id: lesson.studentId }),
      em.findOne(TeacherRow, { id: lesson.teacherId }),
    ]);
    if (!student || !teacher) throw new Error(`lesson ${lessonId}: student or teacher not in the read models yet`);
    const parent = await em.findOne(UserRow, { id: student.parentId });
    if (!parent) {
      this.logger.warn(`no reminder for lesson ${lessonId}: the student has no parent account on record`);
      return 'no-recipient';
    }
    await this.outbox.request({
      key: reminderKey(lessonId),
      to: parent.email,
      template: 'lesson-reminder',
      data: {
        studentName: `${student.firstName} ${student.lastName}`,
        teacherName: `${teacher.firstName} ${teacher.lastName}`,
        instrument: student.instrument,
        startsAt: lesson.startsAt,
        durationMinutes: lesson.durationMinutes,
      },
      // the LessonReminderSent event: its id derives from the command's
      causedByEventId: deriveId('event', context.commandId, '0'),
      correlationId: context.correlationId,
    });
    return 'reminded';
  }
}
