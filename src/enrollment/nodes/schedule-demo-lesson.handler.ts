import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { LessonScheduled, lessonStream } from '../../lessons/lesson.events';
import { DEMO_LESSON_NOTICE_MS } from '../../lessons/notice-periods';
import { bookedLessonId } from '../../lessons/schedule-lesson/booking.decider';
import { BookingStreams, LessonBooking } from '../../lessons/schedule-lesson/lesson-booking';
import { isEvent, storedEvent } from '../../event-store/stored-event';
import { freeSlots, localWeekday, timeOfDay } from '../../scheduling/academy-time';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { CalendarSlotsBooked, calendarStream } from '../../scheduling/calendar.events';
import { Clock } from '../../shared/clock';
import { DomainError } from '../../shared/domain-error';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { ScheduleDemoLesson, enrollmentOf } from './node-commands';

const DEMO = { searchDays: 28, attempts: 10 };

@CommandHandler(ScheduleDemoLesson)
export class ScheduleDemoLessonHandler implements ICommandHandler<ScheduleDemoLesson> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly booking: LessonBooking,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The first free slot at least DEMO_LESSON_NOTICE_MS ahead, in the teacher's calendar, matching
   * the family's preferred day and time of day; booked like every lesson (LessonBooking).
   */
  async execute({ enrollmentId, studentId, teacherId, context }: ScheduleDemoLesson) {
    // Everything the step and its booking decide on, read at once: one round trip, not several in
    // a row; the first booking attempt decides on the same reads (LessonBooking's BookingStreams).
    const [e, calendar, teacher, studentCalendar, student] = await this.executor.together(() =>
      Promise.all([
        enrollmentOf(this.executor, enrollmentId),
        this.executor.history<CalendarState, never>(calendarStream('teacher', teacherId), calendarDecider),
        this.executor.load<TeacherState, never>(teacherStream(teacherId), teacherDecider),
        this.executor.history<CalendarState, never>(calendarStream('student', studentId), calendarDecider),
        this.executor.load<StudentState, never>(studentStream(studentId), studentDecider),
      ]),
    );
    if (e.demoRecorded) return;
    const record = (
      outcome: { ok: true; lessonId: string; startsAt: string; endsAt: string } | { ok: false; reason: string },
    ) =>
      this.executor.execute(
        enrollmentStream(enrollmentId),
        enrollmentDecider,
        { type: 'RecordDemo', enrollmentId, teacherId, outcome },
        subContext(context, 'record'),
      );

    const app = e.application;
    const book = async (startsAt: Date, i: number, known?: BookingStreams) => {
      const { lessons } = await this.booking.book(
        {
          studentId,
          teacherId,
          startsAt,
          durationMinutes: app.lessonDurationMinutes,
          lessonType: 'demo',
          notes: 'Demo lesson (enrollment)',
        },
        subContext(context, `demo-${i}`),
        this.clock.now(),
        known,
      );
      return record({
        ok: true,
        lessonId: lessons[0].lessonId,
        startsAt: lessons[0].startsAt,
        endsAt: lessons[0].endsAt,
      });
    };
    // A booking begun before a crash (found by its derived lesson id on the teacher's calendar,
    // with or without its lesson yet) is completed, not replaced by another slot.
    const attemptIds = Array.from({ length: DEMO.attempts }, (_, i) =>
      bookedLessonId(subContext(context, `demo-${i}`).commandId, 0),
    );
    const started = calendar.state;
    // A lesson is recorded only once both calendars hold its slot, the teacher's first: only an
    // attempt the teacher's calendar ever booked can have a lesson (since given back, if not held).
    const everBooked = new Set(
      calendar.events
        .filter(isEvent<CalendarSlotsBooked>('CalendarSlotsBooked'))
        .flatMap((e) => e.data.slots.map((slot) => slot.lessonId)),
    );
    const written = await Promise.all(
      attemptIds.map((id) => (everBooked.has(id) ? this.store.readStream(lessonStream(id), { limit: 1 }) : [])),
    );
    for (const [i, lessonId] of attemptIds.entries()) {
      const held = started.bookings[lessonId];
      if (held) return book(new Date(held.startsAt), i);
      const [booked] = written[i];
      if (booked) {
        const d = storedEvent<LessonScheduled>(['LessonScheduled'], booked).data;
        return record({ ok: true, lessonId, startsAt: d.startsAt, endsAt: d.endsAt });
      }
    }

    const zone = this.config.academyTimezone;
    if (teacher.status === 'none') return record({ ok: false, reason: 'the teacher is gone' });
    // Other enrollments may race for the same slots: on a lost race, read the calendars again.
    for (let i = 0; i < DEMO.attempts; i++) {
      const [tc, sc] =
        i === 0
          ? [started, studentCalendar.state]
          : await Promise.all([
              this.executor.load<CalendarState, never>(calendarStream('teacher', teacherId), calendarDecider),
              this.executor.load<CalendarState, never>(calendarStream('student', studentId), calendarDecider),
            ]);
      const busy = [...Object.values(tc.bookings), ...Object.values(sc.bookings)].map((b) => ({
        start: new Date(b.startsAt),
        end: new Date(b.endsAt),
      }));
      const [slot] = freeSlots({
        availability: teacher.availability,
        zone,
        busy,
        durationMinutes: app.lessonDurationMinutes,
        from: new Date(Date.parse(context.issuedAt) + DEMO_LESSON_NOTICE_MS),
        days: DEMO.searchDays,
        stepMinutes: 15,
        limit: 1,
        accept: (start) =>
          (!app.preferredLessonDay || localWeekday(start, zone) === app.preferredLessonDay) &&
          (!app.preferredLessonTime || timeOfDay(start, zone) === app.preferredLessonTime),
      });
      if (!slot) break;
      try {
        const known = i === 0 ? { student, teacher, teacherCalendar: calendar, studentCalendar } : undefined;
        return await book(slot.start, i, known);
      } catch (err) {
        if (err instanceof DomainError && (err.code === 'SCHEDULING_CONFLICT' || err.code === 'REQUEST_ABANDONED'))
          continue;
        // Any other refusal (the student withdrew, the teacher no longer teaches it…) ends the step.
        if (err instanceof DomainError) return record({ ok: false, reason: err.message });
        throw err;
      }
    }
    return record({ ok: false, reason: `no free slot matching the preferences in the next ${DEMO.searchDays} days` });
  }
}
