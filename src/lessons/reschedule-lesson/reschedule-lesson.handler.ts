import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { fitsAvailability } from '../../scheduling/academy-time';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { DomainError, notFound } from '../../shared/domain-error';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { SlotProblem, schedulingConflict } from '../booking.service';
import { SuggestAlternatives } from '../suggest-alternatives';
import { lessonDecider, LessonState, RescheduleLessonCommand, Requester } from '../lesson.decider';
import { lessonStream } from '../lesson.events';

export class RescheduleLesson implements ICommand {
  constructor(
    readonly data: { lessonId: string; startsAt: Date; requestedBy: Requester },
    readonly context: CommandContext,
  ) {}
}

/**
 * Moves a lesson on both calendars (the teacher's first; undone if the student's is taken),
 * then records it. Same length, inside the teacher's availability, more than 24 h before the
 * lesson; a family's new time, like a family's booking, more than 24 h ahead.
 */
@CommandHandler(RescheduleLesson)
export class RescheduleLessonHandler implements ICommandHandler<RescheduleLesson, { position: number }> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly suggestions: SuggestAlternatives,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ data, context }: RescheduleLesson): Promise<{ position: number }> {
    const lesson = await this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider);
    if (lesson.status === 'none') throw notFound('LESSON_NOT_FOUND', `no lesson ${data.lessonId}`);
    const endsAt = DateTime.fromJSDate(data.startsAt).plus({ minutes: lesson.durationMinutes }).toJSDate();
    const command: RescheduleLessonCommand = {
      type: 'RescheduleLesson',
      lessonId: data.lessonId,
      startsAt: data.startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      at: context.issuedAt,
      requestedBy: data.requestedBy,
    };
    // Refuse what the lesson itself refuses (status, 24 h rules) before touching any calendar.
    if (lessonDecider.decide(command, lesson).length === 0) return { position: 0 };

    const slot = { start: data.startsAt, end: endsAt };
    const iso = { startsAt: command.startsAt, endsAt: command.endsAt };
    const teacher = await this.executor.load<TeacherState, never>(teacherStream(lesson.teacherId), teacherDecider);
    if (teacher.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${lesson.teacherId}`);
    const conflictWith = async (problems: SlotProblem[]) => {
      const [student, teacherCalendar, studentCalendar] = await Promise.all([
        this.executor.load<StudentState, never>(studentStream(lesson.studentId), studentDecider),
        this.executor.load<CalendarState, never>(calendarStream('teacher', lesson.teacherId), calendarDecider),
        this.executor.load<CalendarState, never>(calendarStream('student', lesson.studentId), calendarDecider),
      ]);
      const instrument = student.status === 'none' ? '' : student.instrument;
      const alternatives = await this.suggestions.suggest(
        lesson.teacherId,
        teacher,
        instrument,
        withoutLesson(teacherCalendar, data.lessonId),
        withoutLesson(studentCalendar, data.lessonId),
        slot,
        lesson.durationMinutes,
        new Date(context.issuedAt),
      );
      return schedulingConflict({
        conflicts: problems,
        alternatives: alternatives.filter((a) => a.teacherId === lesson.teacherId),
      });
    };
    if (!fitsAvailability(teacher.availability, this.config.academyTimezone, slot)) {
      throw await conflictWith([{ ...iso, reason: 'outside-availability' }]);
    }

    const move = (owner: 'teacher' | 'student', ownerId: string, startsAt: string, endsAt: string, label: string) =>
      this.executor.execute(
        calendarStream(owner, ownerId),
        calendarDecider,
        { type: 'MoveSlot', owner, ownerId, lessonId: data.lessonId, startsAt, endsAt },
        subContext(context, label),
      );
    try {
      await move('teacher', lesson.teacherId, command.startsAt, command.endsAt, 'move-teacher');
    } catch (err) {
      if (err instanceof DomainError && err.code === 'SLOT_TAKEN')
        throw await conflictWith([{ ...iso, reason: 'teacher-busy' }]);
      throw err;
    }
    try {
      await move('student', lesson.studentId, command.startsAt, command.endsAt, 'move-student');
    } catch (err) {
      await move('teacher', lesson.teacherId, lesson.startsAt, lesson.endsAt, 'move-teacher-back');
      if (err instanceof DomainError && err.code === 'SLOT_TAKEN')
        throw await conflictWith([{ ...iso, reason: 'student-busy' }]);
      throw err;
    }
    const result = await this.executor.execute(lessonStream(data.lessonId), lessonDecider, command, context);
    return { position: result.position };
  }
}

function withoutLesson(calendar: CalendarState, lessonId: string): CalendarState {
  const { [lessonId]: _moving, ...bookings } = calendar.bookings;
  return { bookings };
}
