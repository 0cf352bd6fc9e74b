import { DateTime } from 'luxon';
import { fitsAvailability, recurrence, RecurrencePattern, UtcInterval } from '../../scheduling/academy-time';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { BookedSlot, CalendarEvent, CalendarOwner, calendarStream } from '../../scheduling/calendar.events';
import { Decider } from '../../shared/decider';
import { conflict, DomainError, notFound, rejected } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { studentDecider, StudentState, usableMakeupCredits } from '../../students/student.decider';
import { StudentEvent, studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { TEACHER_EVENT_TYPES, TeacherEvent, teacherStream } from '../../teachers/teacher.events';
import { lessonDecider, Requester, tooSoonFor } from '../lesson.decider';
import { LessonEvent, LessonScheduled, lessonStream, LessonType } from '../lesson.events';
import { FAMILY_BOOKING_NOTICE_MS, inHours } from '../notice-periods';

/**
 * Booking a lesson, or a series all or nothing, as one decision over the four streams it reads:
 * the student, the teacher, the teacher's calendar and the student's. It decides the events of
 * every stream it writes (both calendars, the student's makeup credits, one stream per lesson);
 * the booking process (lesson-booking.ts) appends them stream by stream, each with its expected
 * revision, so a calendar taken meanwhile still refuses the booking.
 */
export type BookLessonsCommand = {
  type: 'BookLessons';
  /** the booking's command id: each lesson's id and the series id derive from it (see bookedLessonId) */
  bookingId: string;
  studentId: string;
  /** another teacher than the student's own (the academy only; a demo lesson before one is assigned) */
  teacherId?: string;
  startsAt: string;
  /** the student's enrolled length when not given */
  durationMinutes?: number;
  lessonType: LessonType;
  recurrence?: { pattern: RecurrencePattern; occurrences: number };
  notes: string | null;
  requestedBy: Requester;
  /** now */
  at: string;
  /** the academy's time zone, in which availability and series are local */
  zone: string;
};

export interface BookingState {
  student: StudentState;
  /** the teacher the lesson is with (see bookingTeacherId) */
  teacher: TeacherState;
  teacherCalendar: CalendarState;
  studentCalendar: CalendarState;
}

/** The events of the streams a booking reads or writes. */
export type BookingEvent = StudentEvent | TeacherEvent | CalendarEvent | LessonEvent;

export interface SlotProblem {
  startsAt: string;
  endsAt: string;
  reason: 'outside-availability' | 'teacher-busy' | 'student-busy';
  /** the lesson it collides with, when busy */
  lessonId?: string;
}

/** The request against the four streams: the slots it asks for and every conflict. */
export interface BookingAssessment {
  teacherId: string;
  durationMinutes: number;
  /** the first slot asked for */
  wanted: UtcInterval;
  slots: { startsAt: string; endsAt: string }[];
  conflicts: SlotProblem[];
}

/** The id of a booking's lesson: the n-th occurrence (0 for a single lesson) of the booking `bookingId`. */
export const bookedLessonId = (bookingId: string, occurrence: number): string =>
  deriveId(bookingId, 'lesson', String(occurrence));

export const bookedLessonIds = (c: Pick<BookLessonsCommand, 'bookingId' | 'recurrence'>): string[] =>
  Array.from({ length: c.recurrence?.occurrences ?? 1 }, (_, i) => bookedLessonId(c.bookingId, i));

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

/**
 * The family's rules, then the student's: whom the lesson is with. A family books for its child
 * with the child's own teacher, regular or makeup lessons, more than 24 h ahead
 * (FAMILY_BOOKING_NOTICE_MS); the student must be active and, but for a demo, have a teacher.
 */
export function bookingTeacherId(c: BookLessonsCommand, student: StudentState): string {
  if (c.requestedBy === 'family') {
    if (c.lessonType === 'demo') throw forbidden('DEMO_BOOKED_BY_ACADEMY', 'demo lessons are booked by the academy');
    if (c.teacherId && c.teacherId !== (student.status === 'none' ? undefined : student.teacherId))
      throw forbidden('NOT_OWN_TEACHER', "book with your child's own teacher; ask the office to change teachers");
    if (tooSoonFor('family', c.startsAt, c.at)) {
      throw rejected(
        'TOO_LATE_TO_BOOK',
        `families book more than ${inHours(FAMILY_BOOKING_NOTICE_MS)} hours ahead; ` +
          'call the office for an earlier lesson',
      );
    }
  }
  if (student.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
  if (student.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
  const teacherId = c.teacherId ?? student.teacherId;
  if (!teacherId) throw rejected('NO_TEACHER_ASSIGNED', 'the student has no teacher assigned yet');
  if (c.lessonType !== 'demo' && !student.teacherId) {
    throw rejected('NO_TEACHER_ASSIGNED', 'only students with an assigned teacher book regular or makeup lessons');
  }
  return teacherId;
}

/**
 * CheckAvailability: the request against the student, the teacher and both calendars. Refuses
 * what no time could fix (a domain error); lists every slot that collides or falls outside the
 * teacher's hours. `own`: lesson ids of this very booking (a retry), whose slots are no conflict.
 */
export function assessBooking(
  c: BookLessonsCommand,
  s: BookingState,
  own: readonly string[] = bookedLessonIds(c),
): BookingAssessment {
  const teacherId = bookingTeacherId(c, s.student);
  const student = s.student as Exclude<StudentState, { status: 'none' }>;
  const teacher = s.teacher;
  if (teacher.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
  if (teacher.status === 'inactive') {
    throw rejected('TEACHER_INACTIVE', 'the teacher no longer teaches at the academy: book with another teacher');
  }
  if (!(teacher.instruments as string[]).includes(student.instrument)) {
    throw rejected('TEACHER_DOES_NOT_TEACH_INSTRUMENT', `the teacher does not teach ${student.instrument}`);
  }
  const durationMinutes = c.durationMinutes ?? student.lessonDurationMinutes;
  const startsAt = new Date(c.startsAt);
  const starts = c.recurrence
    ? recurrence(startsAt, c.recurrence.pattern, c.recurrence.occurrences, c.zone)
    : [startsAt];
  const slots = starts.map((start) => ({
    start,
    end: DateTime.fromJSDate(start).plus({ minutes: durationMinutes }).toJSDate(),
  }));
  if (slots[0].start.getTime() <= Date.parse(c.at))
    throw rejected('IN_THE_PAST', 'lessons can only be booked in the future');
  // A makeup lesson needs a credit still valid that covers its length (the student decider's rule).
  if (c.lessonType === 'makeup') usableMakeupCredits(student, durationMinutes, c.at, slots.length);

  const conflicts: SlotProblem[] = [];
  for (const slot of slots) {
    const iso = { startsAt: slot.start.toISOString(), endsAt: slot.end.toISOString() };
    if (!fitsAvailability(teacher.availability, c.zone, slot))
      conflicts.push({ ...iso, reason: 'outside-availability' });
    const teacherHit = busyAt(s.teacherCalendar, slot, own);
    if (teacherHit) conflicts.push({ ...iso, reason: 'teacher-busy', lessonId: teacherHit.lessonId });
    const studentHit = busyAt(s.studentCalendar, slot, own);
    if (studentHit) conflicts.push({ ...iso, reason: 'student-busy', lessonId: studentHit.lessonId });
  }
  return {
    teacherId,
    durationMinutes,
    wanted: slots[0],
    slots: slots.map((x) => ({ startsAt: x.start.toISOString(), endsAt: x.end.toISOString() })),
    conflicts,
  };
}

function busyAt(calendar: CalendarState, slot: UtcInterval, own: readonly string[]): BookedSlot | undefined {
  return Object.values(calendar.bookings).find(
    (b) =>
      !own.includes(b.lessonId) &&
      Date.parse(b.startsAt) < slot.end.getTime() &&
      slot.start.getTime() < Date.parse(b.endsAt),
  );
}

/** 409 SCHEDULING_CONFLICT: every conflicting slot, and the alternatives the booking process found. */
export function schedulingConflict(check: {
  conflicts: SlotProblem[];
  alternatives: { teacherId: string; startsAt: string; endsAt: string }[];
}): DomainError {
  const reasons = [...new Set(check.conflicts.map((c) => c.reason))].join(', ');
  return conflict('SCHEDULING_CONFLICT', `the requested time is not available (${reasons})`, {
    conflicts: check.conflicts,
    alternatives: check.alternatives,
  });
}

const minutesOf = (slot: { startsAt: string; endsAt: string }) =>
  Math.round((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000);

/**
 * ScheduleLesson: both calendars booked (all occurrences or none), a makeup credit used for each
 * makeup lesson (the one expiring first first), and each lesson scheduled. A conflict refuses
 * with SCHEDULING_CONFLICT listing every one (the process adds the alternatives).
 */
function book(c: BookLessonsCommand, s: BookingState): BookingEvent[] {
  const assessment = assessBooking(c, s);
  if (assessment.conflicts.length) throw schedulingConflict({ conflicts: assessment.conflicts, alternatives: [] });
  const { teacherId } = assessment;
  const lessonIds = bookedLessonIds(c);
  const slots = assessment.slots.map((slot, i) => ({ lessonId: lessonIds[i], ...slot }));
  const onCalendar = (owner: CalendarOwner, ownerId: string, withId: string, calendar: CalendarState) =>
    calendarDecider.decide(
      { type: 'BookSlots', owner, ownerId, slots: slots.map((slot) => ({ ...slot, withId })) },
      calendar,
    );
  const calendars = [
    ...onCalendar('teacher', teacherId, c.studentId, s.teacherCalendar),
    ...onCalendar('student', c.studentId, teacherId, s.studentCalendar),
  ];

  let student = s.student;
  const credits: StudentEvent[] = [];
  const lessons: LessonEvent[] = [];
  const seriesId = slots.length > 1 ? deriveId(c.bookingId, 'series') : null;
  for (const slot of slots) {
    let makeupCreditId: string | null = null;
    if (c.lessonType === 'makeup') {
      const command = {
        type: 'UseMakeupCredit' as const,
        studentId: c.studentId,
        lessonId: slot.lessonId,
        lessonMinutes: minutesOf(slot),
        at: c.at,
      };
      const used = studentDecider.decide(command, student);
      student = used.reduce(studentDecider.evolve, student);
      credits.push(...used);
      makeupCreditId = used[0]?.type === 'MakeupCreditUsed' ? used[0].data.creditId : null;
    }
    const lesson: LessonScheduled['data'] = {
      lessonId: slot.lessonId,
      studentId: c.studentId,
      teacherId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      durationMinutes: minutesOf(slot),
      lessonType: c.lessonType,
      seriesId,
      notes: c.notes,
      makeupCreditId,
    };
    lessons.push(...lessonDecider.decide({ type: 'ScheduleLesson', ...lesson }, lessonDecider.initialState()));
  }
  return [...calendars, ...credits, ...lessons];
}

const CALENDAR_EVENT_TYPES: readonly string[] = ['CalendarSlotsBooked', 'CalendarSlotReleased', 'CalendarSlotMoved'];
const isCalendarEvent = (e: BookingEvent): e is CalendarEvent => CALENDAR_EVENT_TYPES.includes(e.type);
const isTeacherEvent = (e: BookingEvent): e is TeacherEvent => (TEACHER_EVENT_TYPES as string[]).includes(e.type);
const isLessonEvent = (e: BookingEvent): e is LessonEvent => e.type.startsWith('Lesson');

/** The stream each decided event is appended to. */
export function streamOf(e: BookingEvent): string {
  if (isCalendarEvent(e)) return calendarStream(e.data.owner, e.data.ownerId);
  if (isLessonEvent(e)) return lessonStream(e.data.lessonId);
  if (isTeacherEvent(e)) return teacherStream(e.data.teacherId);
  return studentStream(e.data.studentId);
}

/** The decided events grouped by the stream each goes to, in order. */
export function eventsByStream(events: readonly BookingEvent[]): Record<string, BookingEvent[]> {
  const out: Record<string, BookingEvent[]> = {};
  for (const e of events) (out[streamOf(e)] ??= []).push(e);
  return out;
}

export const bookingDecider: Decider<BookLessonsCommand, BookingState, BookingEvent> = {
  initialState: () => ({
    student: studentDecider.initialState(),
    teacher: teacherDecider.initialState(),
    teacherCalendar: calendarDecider.initialState(),
    studentCalendar: calendarDecider.initialState(),
  }),
  evolve(state, event) {
    if (isCalendarEvent(event)) {
      const key = event.data.owner === 'teacher' ? 'teacherCalendar' : 'studentCalendar';
      return { ...state, [key]: calendarDecider.evolve(state[key], event) };
    }
    // Each lesson is a stream of its own, which a booking only ever starts.
    if (isLessonEvent(event)) return state;
    if (isTeacherEvent(event)) return { ...state, teacher: teacherDecider.evolve(state.teacher, event) };
    return { ...state, student: studentDecider.evolve(state.student, event) };
  },
  decide: (command, state) => book(command, state),
};
