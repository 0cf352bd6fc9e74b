import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { fitsAvailability } from '../../scheduling/academy-time';
import { CalendarReservations, CalendarTaken } from '../../scheduling/calendar-reservations';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { notFound } from '../../shared/domain-error';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { SuggestAlternatives } from '../suggest-alternatives';
import { schedulingConflict, SlotProblem } from '../schedule-lesson/booking.decider';
import { lessonDecider, LessonState, RescheduleLessonCommand, Requester } from '../lesson.decider';
import { lessonStream } from '../lesson.events';

export class RescheduleLesson implements ICommand {
  constructor(
    readonly data: { lessonId: string; startsAt: Date; requestedBy: Requester },
    readonly context: CommandContext,
  ) {}
}

/**
 * Moves a lesson on both calendars (CalendarReservations.move: the teacher's first, given back if
 * the student's is taken), then records it. Same length, inside the teacher's availability; the
 * lesson decider's notice periods (RESCHEDULE_NOTICE_MS before the lesson, and for a family's new
 * time FAMILY_BOOKING_NOTICE_MS ahead, like a family's booking).
 */
@CommandHandler(RescheduleLesson)
export class RescheduleLessonHandler implements ICommandHandler<RescheduleLesson, { position: number }> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly calendars: CalendarReservations,
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
    // Refuse what the lesson itself refuses (status, notice periods) before touching any calendar.
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

    const pair = { teacherId: lesson.teacherId, studentId: lesson.studentId };
    try {
      await this.calendars.move(pair, data.lessonId, lesson, iso, context);
    } catch (err) {
      if (err instanceof CalendarTaken)
        throw await conflictWith([{ ...iso, reason: err.owner === 'teacher' ? 'teacher-busy' : 'student-busy' }]);
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
