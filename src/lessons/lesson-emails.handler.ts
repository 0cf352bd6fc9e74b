import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { StudentRow } from '../../projections/students/student.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { UserRow } from '../../projections/users/user.entity';
import { isErasedEmail } from '../privacy/personal-data';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CommandContext } from '../cqrs/command-context';
import { CommandExecutor } from '../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { calendarDecider, CalendarState } from '../scheduling/calendar.decider';
import { CalendarSlotsBooked, calendarStream } from '../scheduling/calendar.events';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { isEvent, StoredEvent } from '../event-store/stored-event';
import { lessonDecider, LessonState } from './lesson.decider';
import { LessonCancelled, LessonRescheduled, lessonStream } from './lesson.events';
import { creditExpiry } from './lesson-follow-ups.handlers';
import { selectRows } from '../database/select-rows';

export type LessonChange = 'scheduled' | 'rescheduled' | 'cancelled';

/** Asks the outbox for the family's and the teacher's emails about one change to a lesson. */
export class RequestLessonEmail implements ICommand {
  constructor(
    readonly data: {
      lessonId: string;
      change: LessonChange;
      eventId: string;
      previousStartsAt?: string;
      reason?: string;
      makeupCredit?: boolean;
      /** when the cancellation was recorded: a makeup credit expires counted from then */
      cancelledAt?: string;
    },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RequestLessonEmail)
export class RequestLessonEmailHandler implements ICommandHandler<RequestLessonEmail> {
  private readonly logger = new Logger('LessonEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Every lesson of the series `lesson` was booked with, as they stand, in time order: the
   * student's calendar booked them all in one event, before any of them was recorded. A lesson
   * of the booking not recorded yet (the booking is still writing them) counts while the calendar
   * still holds its slot; a recorded one counts while it is scheduled, at its current time.
   */
  private async seriesLessons(lesson: Extract<LessonState, { studentId: string }>): Promise<{ startsAt: string }[]> {
    const stream = calendarStream('student', lesson.studentId);
    const [events, calendar] = await Promise.all([
      this.store.readStream(stream),
      this.executor.load<CalendarState, never>(stream, calendarDecider),
    ]);
    const booking = events
      .filter(isEvent<CalendarSlotsBooked>('CalendarSlotsBooked'))
      .find((e) => e.data.slots.some((s) => s.lessonId === lesson.lessonId));
    const ids = booking ? booking.data.slots.map((s) => s.lessonId) : [lesson.lessonId];
    const lessons = await Promise.all(
      ids.map((id) => this.executor.load<LessonState, never>(lessonStream(id), lessonDecider)),
    );
    return lessons
      .flatMap((l, i) => {
        if (l.status === 'none') {
          const held = calendar.bookings[ids[i]];
          return held ? [{ startsAt: held.startsAt }] : [];
        }
        return l.status === 'scheduled' && l.seriesId === lesson.seriesId ? [{ startsAt: l.startsAt }] : [];
      })
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  async execute({ data, context }: RequestLessonEmail): Promise<void> {
    const lesson = await this.executor.load<LessonState, never>(lessonStream(data.lessonId), lessonDecider);
    if (lesson.status === 'none') return;
    // A demo lesson is announced in the enrollment's welcome email.
    if (data.change === 'scheduled' && lesson.lessonType === 'demo') return;
    // Every lesson change comes this way: the read models through the driver (selectRows).
    const [[student], [teacher]] = await Promise.all([
      selectRows(this.em, StudentRow, 'id = ?', [lesson.studentId]),
      selectRows(this.em, TeacherRow, 'id = ?', [lesson.teacherId]),
    ]);
    if (!student || !teacher) throw new Error(`lesson ${data.lessonId}: student or teacher not in the read models yet`);
    // A booked series is one change: one email each, keyed by the series, listing every date.
    const series = data.change === 'scheduled' && !!lesson.seriesId;
    const dates = series ? await this.seriesLessons(lesson) : [];
    const common = {
      studentName: `${student.firstName} ${student.lastName}`,
      teacherName: `${teacher.firstName} ${teacher.lastName}`,
      instrument: student.instrument,
      startsAt: dates[0]?.startsAt ?? lesson.startsAt,
      ...(dates.length ? { lessons: dates, lessonCount: dates.length } : {}),
    };
    const keyOf = (who: string) =>
      series ? `${who}-scheduled:series:${lesson.seriesId}` : `${who}-${data.change}:${data.eventId}`;
    const request = (
      key: string,
      to: string,
      template: 'lesson-scheduled' | 'lesson-rescheduled' | 'lesson-cancelled' | 'teacher-lesson-change',
      more: object,
    ) =>
      this.outbox.request({
        key,
        to,
        template,
        data: { ...common, ...more },
        causedByEventId: data.eventId,
        correlationId: context.correlationId,
      });

    // The teacher hears of every change to their calendar.
    await request(keyOf('teacher-lesson'), teacher.email, 'teacher-lesson-change', {
      booked: data.change === 'scheduled',
      moved: data.change === 'rescheduled',
      cancelled: data.change === 'cancelled',
      series,
      ...(data.change === 'rescheduled' ? { previousStartsAt: data.previousStartsAt } : {}),
      ...(data.change === 'cancelled' && data.reason ? { reason: data.reason } : {}),
    });

    const [parent] = await selectRows(this.em, UserRow, 'id = ?', [student.parentId]);
    if (!parent) {
      this.logger.warn(`no family email for lesson ${data.lessonId} (${data.change}): no parent account on record`);
      return;
    }
    if (isErasedEmail(parent.email)) return; // the family was forgotten: nobody to write to
    const extra =
      data.change === 'rescheduled'
        ? { previousStartsAt: data.previousStartsAt }
        : data.change === 'cancelled'
          ? {
              reason: data.reason,
              makeupCredit: data.makeupCredit ?? false,
              ...(data.makeupCredit && data.cancelledAt
                ? { creditExpiresAt: creditExpiry(data.cancelledAt, this.config.makeupCreditDays) }
                : {}),
            }
          : {};
    await request(keyOf('lesson'), parent.email, `lesson-${data.change}`, extra);
  }
}

/** The family's notice of a moved or cancelled lesson (lesson-changes' SendChangeNotice node). */
export const changeEmail = (e: StoredEvent<LessonRescheduled | LessonCancelled>, ctx: CommandContext) => {
  if (e.type === 'LessonRescheduled') {
    const d = e.data;
    return new RequestLessonEmail(
      { lessonId: d.lessonId, change: 'rescheduled', eventId: e.eventId, previousStartsAt: d.previousStartsAt },
      ctx,
    );
  }
  const d = e.data;
  // One of several lessons cancelled together: their one notice lists it (lesson-cancellation.workflow.ts).
  if (d.cancellationId) return null;
  return new RequestLessonEmail(
    {
      lessonId: d.lessonId,
      change: 'cancelled',
      eventId: e.eventId,
      reason: d.reason,
      makeupCredit: d.makeupCredit,
      cancelledAt: e.metadata.occurredAt,
    },
    ctx,
  );
};
