import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CommandContext, subContext } from '../cqrs/command-context';
import { CommandExecutor, StreamHistory } from '../cqrs/command-executor';
import { fitsAvailability, recurrence, RecurrencePattern, UtcInterval } from '../scheduling/academy-time';
import { calendarDecider, CalendarState } from '../scheduling/calendar.decider';
import { BookedSlot, calendarStream } from '../scheduling/calendar.events';
import { Clock } from '../shared/clock';
import { conflict, DomainError, notFound, rejected } from '../shared/domain-error';
import { deriveId } from '../shared/ids';
import { studentDecider, StudentState, usableMakeupCredits } from '../students/student.decider';
import { studentStream } from '../students/student.events';
import { teacherDecider, TeacherState } from '../teachers/teacher.decider';
import { teacherStream } from '../teachers/teacher.events';
import { lessonDecider } from './lesson.decider';
import { LessonScheduled, lessonStream, LessonType } from './lesson.events';
import { Alternative, SuggestAlternatives } from './suggest-alternatives';

export interface LessonRequest {
  studentId: string;
  teacherId?: string;
  startsAt: Date;
  durationMinutes?: number;
  lessonType: LessonType;
  recurrence?: { pattern: RecurrencePattern; occurrences: number };
  notes?: string | null;
}

export interface SlotProblem {
  startsAt: string;
  endsAt: string;
  reason: 'outside-availability' | 'teacher-busy' | 'student-busy';
  /** the lesson it collides with, when busy */
  lessonId?: string;
}

export interface AvailabilityCheck {
  available: boolean;
  /** both calendars as the check read them, for the booking that follows (not part of any answer) */
  calendars?: { teacher: StreamHistory; student: StreamHistory };
  teacherId: string;
  slots: { startsAt: string; endsAt: string }[];
  conflicts: SlotProblem[];
  alternatives: Alternative[];
}

/**
 * The request side of the lesson-scheduling workflow: CheckAvailability, then ScheduleLesson
 * or SuggestAlternatives. Calendars are streams, so the booking itself is the final check:
 * two overlapping requests cannot both append.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    private readonly suggestions: SuggestAlternatives,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * CheckAvailability: the request against the student, the teacher and both calendars.
   * `own`: lesson ids of this very request (a retry), whose bookings are not conflicts.
   */
  async check(req: LessonRequest, own: readonly string[] = []): Promise<AvailabilityCheck> {
    const now = this.clock.now();
    const student = await this.executor.load<StudentState, never>(studentStream(req.studentId), studentDecider);
    if (student.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${req.studentId}`);
    if (student.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
    const teacherId = req.teacherId ?? student.teacherId;
    if (!teacherId) throw rejected('NO_TEACHER_ASSIGNED', 'the student has no teacher assigned yet');
    if (req.lessonType !== 'demo' && !student.teacherId) {
      throw rejected('NO_TEACHER_ASSIGNED', 'only students with an assigned teacher book regular or makeup lessons');
    }
    const teacher = await this.executor.load<TeacherState, never>(teacherStream(teacherId), teacherDecider);
    if (teacher.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    if (teacher.status === 'inactive')
      throw rejected('TEACHER_INACTIVE', 'the teacher no longer teaches at the academy: book with another teacher');
    if (!(teacher.instruments as string[]).includes(student.instrument)) {
      throw rejected('TEACHER_DOES_NOT_TEACH_INSTRUMENT', `the teacher does not teach ${student.instrument}`);
    }
    const duration = req.durationMinutes ?? student.lessonDurationMinutes;
    const starts = req.recurrence
      ? recurrence(req.startsAt, req.recurrence.pattern, req.recurrence.occurrences, this.config.academyTimezone)
      : [req.startsAt];
    const slots = starts.map((start) => ({
      start,
      end: DateTime.fromJSDate(start).plus({ minutes: duration }).toJSDate(),
    }));
    if (slots[0].start <= now) throw rejected('IN_THE_PAST', 'lessons can only be booked in the future');
    // A makeup lesson needs a credit still valid that covers its length (the student decider's rule).
    if (req.lessonType === 'makeup') usableMakeupCredits(student, duration, now.toISOString(), slots.length);

    const [teacherRead, studentRead] = await Promise.all([
      this.executor.history<CalendarState, never>(calendarStream('teacher', teacherId), calendarDecider),
      this.executor.history<CalendarState, never>(calendarStream('student', req.studentId), calendarDecider),
    ]);
    const [teacherCalendar, studentCalendar] = [teacherRead.state, studentRead.state];
    const conflicts: SlotProblem[] = [];
    for (const slot of slots) {
      const iso = { startsAt: slot.start.toISOString(), endsAt: slot.end.toISOString() };
      if (!fitsAvailability(teacher.availability, this.config.academyTimezone, slot))
        conflicts.push({ ...iso, reason: 'outside-availability' });
      const teacherHit = busyAt(teacherCalendar, slot, own);
      if (teacherHit) conflicts.push({ ...iso, reason: 'teacher-busy', lessonId: teacherHit.lessonId });
      const studentHit = busyAt(studentCalendar, slot, own);
      if (studentHit) conflicts.push({ ...iso, reason: 'student-busy', lessonId: studentHit.lessonId });
    }
    const alternatives = conflicts.length
      ? await this.suggestions.suggest(
          teacherId,
          teacher,
          student.instrument,
          teacherCalendar,
          studentCalendar,
          slots[0],
          duration,
          now,
        )
      : [];
    return {
      available: conflicts.length === 0,
      teacherId,
      slots: slots.map((s) => ({ startsAt: s.start.toISOString(), endsAt: s.end.toISOString() })),
      conflicts,
      alternatives,
      calendars: { teacher: teacherRead, student: studentRead },
    };
  }

  /** ScheduleLesson: books both calendars (all occurrences or none), then records each lesson. */
  async book(
    req: LessonRequest,
    ctx: CommandContext,
  ): Promise<{ lessons: LessonScheduled['data'][]; position: number }> {
    // Ids derive from the command: a retry (same Idempotency-Key, a redelivered saga command)
    // finds its own bookings and completes them instead of conflicting with itself.
    const occurrences = req.recurrence?.occurrences ?? 1;
    const lessonIds = Array.from({ length: occurrences }, (_, i) => deriveId(ctx.commandId, 'lesson', String(i)));
    const check = await this.check(req, lessonIds);
    if (!check.available) throw schedulingConflict(check);
    const seriesId = check.slots.length > 1 ? deriveId(ctx.commandId, 'series') : null;
    const booked = (withId: string): BookedSlot[] =>
      check.slots.map((s, i) => ({ lessonId: lessonIds[i], ...s, withId }));

    const teacherBooking = await this.retryAsConflict(req, () =>
      this.executor.execute(
        calendarStream('teacher', check.teacherId),
        calendarDecider,
        { type: 'BookSlots', owner: 'teacher', ownerId: check.teacherId, slots: booked(req.studentId) },
        subContext(ctx, 'teacher-calendar'),
        check.calendars?.teacher,
      ),
    );
    const releaseTeacher = () =>
      Promise.all(
        lessonIds.map((lessonId) =>
          this.executor.execute(
            calendarStream('teacher', check.teacherId),
            calendarDecider,
            { type: 'ReleaseSlot', owner: 'teacher', ownerId: check.teacherId, lessonId, reason: 'booking-abandoned' },
            subContext(ctx, `release-teacher-${lessonId}`),
          ),
        ),
      );
    let studentBooking: { alreadyApplied?: boolean };
    try {
      studentBooking = await this.retryAsConflict(req, () =>
        this.executor.execute(
          calendarStream('student', req.studentId),
          calendarDecider,
          { type: 'BookSlots', owner: 'student', ownerId: req.studentId, slots: booked(check.teacherId) },
          subContext(ctx, 'student-calendar'),
          check.calendars?.student,
        ),
      );
    } catch (err) {
      await releaseTeacher();
      throw err;
    }
    // A calendar command of an earlier attempt of this same command counts as applied even if
    // that attempt was undone and its slots given back: then refuse rather than book unreserved.
    if (teacherBooking.alreadyApplied || studentBooking.alreadyApplied) {
      const [teacherCal, studentCal] = await Promise.all([
        this.executor.load<CalendarState, never>(calendarStream('teacher', check.teacherId), calendarDecider),
        this.executor.load<CalendarState, never>(calendarStream('student', req.studentId), calendarDecider),
      ]);
      if (lessonIds.some((id) => !teacherCal.bookings[id] || !studentCal.bookings[id])) {
        throw conflict(
          'REQUEST_ABANDONED',
          'an earlier attempt of this request was given up; send it again without the same Idempotency-Key',
        );
      }
    }

    const credits: (string | null)[] = [];
    try {
      for (const [i, lessonId] of lessonIds.entries()) {
        if (req.lessonType !== 'makeup') {
          credits.push(null);
          continue;
        }
        const used = await this.executor.execute(
          studentStream(req.studentId),
          studentDecider,
          {
            type: 'UseMakeupCredit',
            studentId: req.studentId,
            lessonId,
            lessonMinutes: minutesOf(check.slots[i]),
            at: ctx.issuedAt,
          },
          subContext(ctx, `makeup-credit-${i}`),
        );
        const event = used.events[0];
        credits.push(event?.type === 'MakeupCreditUsed' ? event.data.creditId : null);
      }
    } catch (err) {
      // A credit spent meanwhile by another booking: give both calendars back.
      await Promise.all([
        releaseTeacher(),
        ...lessonIds.map((lessonId) =>
          this.executor.execute(
            calendarStream('student', req.studentId),
            calendarDecider,
            { type: 'ReleaseSlot', owner: 'student', ownerId: req.studentId, lessonId, reason: 'booking-abandoned' },
            subContext(ctx, `release-student-${lessonId}`),
          ),
        ),
      ]);
      throw err;
    }

    const lessons: LessonScheduled['data'][] = check.slots.map((s, i) => ({
      lessonId: lessonIds[i],
      studentId: req.studentId,
      teacherId: check.teacherId,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      durationMinutes: minutesOf(s),
      lessonType: req.lessonType,
      seriesId,
      notes: req.notes ?? null,
      makeupCreditId: credits[i],
    }));
    const results = await Promise.all(
      lessons.map((l) =>
        this.executor.execute(
          lessonStream(l.lessonId),
          lessonDecider,
          { type: 'ScheduleLesson', ...l },
          subContext(ctx, `lesson-${l.lessonId}`),
        ),
      ),
    );
    return { lessons, position: Math.max(...results.map((r) => r.position)) };
  }

  /** A calendar append that lost a race answers like any other conflict: 409 with alternatives. */
  private async retryAsConflict<T>(req: LessonRequest, book: () => Promise<T>): Promise<T> {
    try {
      return await book();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'SLOT_TAKEN') {
        const check = await this.check(req);
        throw schedulingConflict(
          check.available ? { ...check, conflicts: [{ ...check.slots[0], reason: 'teacher-busy' }] } : check,
        );
      }
      throw err;
    }
  }
}

const minutesOf = (slot: { startsAt: string; endsAt: string }) =>
  Math.round((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000);

function busyAt(calendar: CalendarState, slot: UtcInterval, own: readonly string[] = []): BookedSlot | undefined {
  return Object.values(calendar.bookings).find(
    (b) =>
      !own.includes(b.lessonId) &&
      Date.parse(b.startsAt) < slot.end.getTime() &&
      slot.start.getTime() < Date.parse(b.endsAt),
  );
}

export function schedulingConflict(check: Pick<AvailabilityCheck, 'conflicts' | 'alternatives'>): DomainError {
  const reasons = [...new Set(check.conflicts.map((c) => c.reason))].join(', ');
  return conflict('SCHEDULING_CONFLICT', `the requested time is not available (${reasons})`, {
    conflicts: check.conflicts,
    alternatives: check.alternatives,
  });
}
