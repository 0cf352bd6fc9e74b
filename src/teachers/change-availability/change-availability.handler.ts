import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { teacherDecider } from '../teacher.decider';
import { TeacherEvent, teacherStream } from '../teacher.events';
import { ChangeTeacherAvailability } from './change-availability.command';
import { StrandedLessonsWorkflow } from './stranded-lessons.workflow';

/**
 * Changes the teacher's hours against the lessons still to come on their calendar (the decider
 * refuses to strand them silently), then settles the stranded ones at once: cancelled, with the
 * command ids the stranded-lessons saga derives, so its own run finds them done.
 */
@CommandHandler(ChangeTeacherAvailability)
export class ChangeTeacherAvailabilityHandler implements ICommandHandler<
  ChangeTeacherAvailability,
  ExecutionResult<TeacherEvent>
> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stranded: StrandedLessonsWorkflow,
  ) {}

  async execute({ data, context }: ChangeTeacherAvailability): Promise<ExecutionResult<TeacherEvent>> {
    const calendar = await this.executor.load<CalendarState, never>(
      calendarStream('teacher', data.teacherId),
      calendarDecider,
    );
    const booked = Object.values(calendar.bookings)
      .filter((b) => Date.parse(b.startsAt) > Date.parse(context.issuedAt))
      .map((b) => ({ lessonId: b.lessonId, studentId: b.withId, startsAt: b.startsAt, endsAt: b.endsAt }));
    const result = await this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'ChangeTeacherAvailability', ...data, booked, zone: this.config.academyTimezone },
      context,
    );
    const changed = result.stored?.find((e) => e.type === 'TeacherAvailabilityChanged');
    if (changed) await this.stranded.runNow(changed);
    return result;
  }
}
