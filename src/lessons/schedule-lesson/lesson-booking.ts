import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor, newStream, StreamHistory } from '../../cqrs/command-executor';
import { RecurrencePattern } from '../../scheduling/academy-time';
import { CalendarReservations } from '../../scheduling/calendar-reservations';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { DomainError } from '../../shared/domain-error';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { lessonDecider, Requester } from '../lesson.decider';
import { LessonScheduled, lessonStream, LessonType } from '../lesson.events';
import { Alternative, SuggestAlternatives } from '../suggest-alternatives';
import {
  assessBooking,
  BookingAssessment,
  bookingDecider,
  BookingState,
  bookingTeacherId,
  BookLessonsCommand,
  schedulingConflict,
  SlotProblem,
} from './booking.decider';

export interface LessonRequest {
  studentId: string;
  teacherId?: string;
  startsAt: Date;
  durationMinutes?: number;
  lessonType: LessonType;
  recurrence?: { pattern: RecurrencePattern; occurrences: number };
  notes?: string | null;
  /** a parent books for the family, with the family's rules; the office (the default) for the academy */
  requestedBy?: Requester;
}

export interface AvailabilityCheck {
  available: boolean;
  teacherId: string;
  slots: { startsAt: string; endsAt: string }[];
  conflicts: SlotProblem[];
  alternatives: Alternative[];
}

/**
 * The streams a booking decides on, as its caller has just read them: the booking then reads none
 * of them again. Calendars go on to the reservation as read, whose appends carry their expected
 * revisions: a calendar changed since fails the append, and the booking is tried again as a conflict.
 */
export interface BookingStreams {
  student: StudentState;
  teacher: TeacherState;
  teacherCalendar: StreamHistory & { state: CalendarState };
  studentCalendar: StreamHistory & { state: CalendarState };
}

interface BookingRead {
  state: BookingState;
  teacherId: string;
  calendars: { teacher: StreamHistory; student: StreamHistory };
}

/**
 * The request side of the lesson-scheduling workflow: CheckAvailability, then ScheduleLesson or
 * SuggestAlternatives. It reads the four streams, lets the booking decider decide
 * (booking.decider.ts), reserves both calendars (CalendarReservations), uses the makeup credits and
 * records each lesson. Calendars are streams, so the reservation is the final check: two
 * overlapping requests cannot both append.
 */
@Injectable()
export class LessonBooking {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly calendars: CalendarReservations,
    private readonly suggestions: SuggestAlternatives,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** CheckAvailability at `now`: whether the request fits, and if not every conflict and alternatives. */
  async check(req: LessonRequest, now: Date): Promise<AvailabilityCheck> {
    const command = this.command(req, 'availability-check', now);
    const read = await this.read(command);
    const assessment = assessBooking(command, read.state, []);
    return {
      available: assessment.conflicts.length === 0,
      teacherId: assessment.teacherId,
      slots: assessment.slots,
      conflicts: assessment.conflicts,
      alternatives: assessment.conflicts.length ? await this.alternatives(assessment, read.state, now) : [],
    };
  }

  /**
   * ScheduleLesson at `now`: books both calendars (all occurrences or none), then records each
   * lesson. Ids derive from the command: a retry (same Idempotency-Key, a redelivered saga
   * command) finds its own bookings and completes them instead of conflicting with itself.
   */
  async book(
    req: LessonRequest,
    ctx: CommandContext,
    now: Date,
    /** the streams as the caller has just read them (see BookingStreams) */
    known?: BookingStreams,
  ): Promise<{ lessons: LessonScheduled['data'][]; position: number }> {
    const command = this.command(req, ctx.commandId, now);
    const read = (known && this.readFrom(command, known)) ?? (await this.read(command));
    const assessment = assessBooking(command, read.state);
    if (assessment.conflicts.length) {
      throw schedulingConflict({
        conflicts: assessment.conflicts,
        alternatives: await this.alternatives(assessment, read.state, now),
      });
    }
    const decided = await this.retryAsConflict(req, now, async () => bookingDecider.decide(command, read.state));
    const lessons = decided.flatMap((e) => (e.type === 'LessonScheduled' ? [e.data] : []));

    const pair = { teacherId: read.teacherId, studentId: req.studentId };
    const reservation = await this.retryAsConflict(req, now, () =>
      this.calendars.reserve(pair, lessons, ctx, read.calendars),
    );
    const credits: (string | null)[] = [];
    try {
      for (const [i, lesson] of lessons.entries()) {
        if (lesson.lessonType !== 'makeup') {
          credits.push(null);
          continue;
        }
        const used = await this.executor.execute(
          studentStream(req.studentId),
          studentDecider,
          {
            type: 'UseMakeupCredit',
            studentId: req.studentId,
            lessonId: lesson.lessonId,
            lessonMinutes: lesson.durationMinutes,
            at: command.at,
          },
          subContext(ctx, `makeup-credit-${i}`),
        );
        const event = used.events[0];
        credits.push(event?.type === 'MakeupCreditUsed' ? event.data.creditId : null);
      }
    } catch (err) {
      // A credit spent meanwhile by another booking: give both calendars back.
      await reservation.undo();
      throw err;
    }

    const recorded = lessons.map((l, i) => ({ ...l, makeupCreditId: credits[i] }));
    const results = await Promise.all(
      recorded.map((l) =>
        this.executor.execute(
          lessonStream(l.lessonId),
          lessonDecider,
          { type: 'ScheduleLesson', ...l },
          subContext(ctx, `lesson-${l.lessonId}`),
          // the lesson's id derives from the booking command: new, unless this booking was stored before
          newStream(lessonStream(l.lessonId)),
        ),
      ),
    );
    return { lessons: recorded, position: Math.max(...results.map((r) => r.position)) };
  }

  private command(req: LessonRequest, bookingId: string, now: Date): BookLessonsCommand {
    return {
      type: 'BookLessons',
      bookingId,
      studentId: req.studentId,
      teacherId: req.teacherId,
      startsAt: req.startsAt.toISOString(),
      durationMinutes: req.durationMinutes,
      lessonType: req.lessonType,
      recurrence: req.recurrence,
      notes: req.notes ?? null,
      requestedBy: req.requestedBy ?? 'academy',
      at: now.toISOString(),
      zone: this.config.academyTimezone,
    };
  }

  /** The booking's streams from what its caller read; undefined when they are not the ones it needs. */
  private readFrom(command: BookLessonsCommand, known: BookingStreams): BookingRead | undefined {
    const teacherId = bookingTeacherId(command, known.student);
    if (
      known.teacherCalendar.streamId !== calendarStream('teacher', teacherId) ||
      known.studentCalendar.streamId !== calendarStream('student', command.studentId) ||
      known.teacher.status === 'none' ||
      known.teacher.teacherId !== teacherId
    ) {
      return undefined;
    }
    return {
      state: {
        student: known.student,
        teacher: known.teacher,
        teacherCalendar: known.teacherCalendar.state,
        studentCalendar: known.studentCalendar.state,
      },
      teacherId,
      calendars: { teacher: known.teacherCalendar, student: known.studentCalendar },
    };
  }

  /** The student, the teacher the lesson is with and both calendars. */
  private async read(command: BookLessonsCommand): Promise<BookingRead> {
    const teacherAndCalendars = (teacherId: string) =>
      Promise.all([
        this.executor.load<TeacherState, never>(teacherStream(teacherId), teacherDecider),
        this.executor.history<CalendarState, never>(calendarStream('teacher', teacherId), calendarDecider),
        this.executor.history<CalendarState, never>(calendarStream('student', command.studentId), calendarDecider),
      ]);
    // The teacher the request names is read together with the student: one statement, not two
    // in a row. Which teacher books is the student's to say (bookingTeacherId); when it is
    // another one, or the request names none, that teacher is read after.
    const named = command.teacherId;
    const [student, early] = await this.executor.together(() =>
      Promise.all([
        this.executor.load<StudentState, never>(studentStream(command.studentId), studentDecider),
        named ? teacherAndCalendars(named) : undefined,
      ]),
    );
    const teacherId = bookingTeacherId(command, student);
    const [teacher, teacherCalendar, studentCalendar] =
      early && teacherId === named ? early : await this.executor.together(() => teacherAndCalendars(teacherId));
    return {
      state: { student, teacher, teacherCalendar: teacherCalendar.state, studentCalendar: studentCalendar.state },
      teacherId,
      calendars: { teacher: teacherCalendar, student: studentCalendar },
    };
  }

  /** SuggestAlternatives: the nearest free slots, with the same teacher first. */
  private alternatives(a: BookingAssessment, s: BookingState, now: Date): Promise<Alternative[]> {
    if (s.teacher.status === 'none' || s.student.status === 'none') return Promise.resolve([]);
    return this.suggestions.suggest(
      a.teacherId,
      s.teacher,
      s.student.instrument,
      s.teacherCalendar,
      s.studentCalendar,
      a.wanted,
      a.durationMinutes,
      now,
    );
  }

  /** A calendar append that lost a race answers like any other conflict: 409 with alternatives. */
  private async retryAsConflict<T>(req: LessonRequest, now: Date, book: () => Promise<T>): Promise<T> {
    try {
      return await book();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'SLOT_TAKEN') {
        const check = await this.check(req, now);
        throw schedulingConflict(
          check.available ? { ...check, conflicts: [{ ...check.slots[0], reason: 'teacher-busy' }] } : check,
        );
      }
      throw err;
    }
  }
}
