import { Injectable } from '@nestjs/common';
import { CommandContext, subContext } from '../cqrs/command-context';
import { CommandExecutor, ExecutionResult, StreamHistory } from '../cqrs/command-executor';
import { conflict, DomainError } from '../shared/domain-error';
import { calendarDecider, CalendarState } from './calendar.decider';
import { CalendarEvent, CalendarOwner, calendarStream } from './calendar.events';

/** A lesson's slot, as both calendars hold it. */
export interface LessonSlot {
  lessonId: string;
  /** ISO instants (UTC) */
  startsAt: string;
  endsAt: string;
}

/** Whose calendars: the teacher's and the student's. */
export interface CalendarPair {
  teacherId: string;
  studentId: string;
}

/** Slots held on both calendars, until the lessons are recorded or the reservation is undone. */
export interface Reservation {
  /** The one undo path: gives back every slot this reservation booked, on each calendar it booked. */
  undo(): Promise<void>;
}

/** A calendar of the pair was taken: which one, with the calendar's own refusal (SLOT_TAKEN). */
export class CalendarTaken extends DomainError {
  constructor(
    readonly owner: CalendarOwner,
    refusal: DomainError,
  ) {
    super(refusal.kind, refusal.code, refusal.message, refusal.details);
  }
}

/**
 * The calendar side of every lesson time: booking, rescheduling and the demo lesson reserve and
 * move slots here, on the teacher's calendar first, then the student's, each append with its
 * expected revision. When the student's calendar refuses, the teacher's is given back, so the
 * pair is changed on both calendars or on neither.
 */
@Injectable()
export class CalendarReservations {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * Books the slots on both calendars (all or none). `read`: the calendars as the booking's check
   * read them. Sub-commands derive from `ctx`, so a retry of the same booking finds its own slots.
   */
  async reserve(
    pair: CalendarPair,
    slots: readonly LessonSlot[],
    ctx: CommandContext,
    read?: { teacher?: StreamHistory; student?: StreamHistory },
  ): Promise<Reservation> {
    const booked: CalendarOwner[] = [];
    const reservation: Reservation = { undo: () => this.release(pair, slots, booked, ctx) };
    const teacher = await this.book('teacher', pair.teacherId, pair.studentId, slots, ctx, read?.teacher);
    booked.push('teacher');
    let student: ExecutionResult<CalendarEvent>;
    try {
      student = await this.book('student', pair.studentId, pair.teacherId, slots, ctx, read?.student);
    } catch (err) {
      await reservation.undo();
      throw err;
    }
    booked.push('student');
    // A calendar command of an earlier attempt of this same command counts as applied even if
    // that attempt was undone and its slots given back: then refuse rather than book unreserved.
    if (teacher.alreadyApplied || student.alreadyApplied) {
      const [teacherCalendar, studentCalendar] = await Promise.all([
        this.load('teacher', pair.teacherId),
        this.load('student', pair.studentId),
      ]);
      if (slots.some((s) => !teacherCalendar.bookings[s.lessonId] || !studentCalendar.bookings[s.lessonId])) {
        throw conflict(
          'REQUEST_ABANDONED',
          'an earlier attempt of this request was given up; send it again without the same Idempotency-Key',
        );
      }
    }
    return reservation;
  }

  /**
   * Moves a lesson's slot on both calendars: the teacher's, then the student's; when the
   * student's refuses, the teacher's goes back to `from`. A taken calendar throws CalendarTaken.
   */
  async move(
    pair: CalendarPair,
    lessonId: string,
    from: { startsAt: string; endsAt: string },
    to: { startsAt: string; endsAt: string },
    ctx: CommandContext,
  ): Promise<void> {
    const move = (owner: CalendarOwner, ownerId: string, slot: { startsAt: string; endsAt: string }, label: string) =>
      taken(owner, () =>
        this.executor.execute(
          calendarStream(owner, ownerId),
          calendarDecider,
          { type: 'MoveSlot', owner, ownerId, lessonId, startsAt: slot.startsAt, endsAt: slot.endsAt },
          subContext(ctx, label),
        ),
      );
    await move('teacher', pair.teacherId, to, 'move-teacher');
    try {
      await move('student', pair.studentId, to, 'move-student');
    } catch (err) {
      await move('teacher', pair.teacherId, from, 'move-teacher-back');
      throw err;
    }
  }

  private book(
    owner: CalendarOwner,
    ownerId: string,
    withId: string,
    slots: readonly LessonSlot[],
    ctx: CommandContext,
    read?: StreamHistory,
  ) {
    return taken(owner, () =>
      this.executor.execute(
        calendarStream(owner, ownerId),
        calendarDecider,
        { type: 'BookSlots', owner, ownerId, slots: slots.map((s) => bookedSlot(s, withId)) },
        subContext(ctx, `${owner}-calendar`),
        read,
      ),
    );
  }

  private async release(
    pair: CalendarPair,
    slots: readonly LessonSlot[],
    owners: readonly CalendarOwner[],
    ctx: CommandContext,
  ): Promise<void> {
    await Promise.all(
      owners.flatMap((owner) =>
        slots.map(({ lessonId }) => {
          const ownerId = owner === 'teacher' ? pair.teacherId : pair.studentId;
          return this.executor.execute(
            calendarStream(owner, ownerId),
            calendarDecider,
            { type: 'ReleaseSlot', owner, ownerId, lessonId, reason: 'booking-abandoned' },
            subContext(ctx, `release-${owner}-${lessonId}`),
          );
        }),
      ),
    );
  }

  private load(owner: CalendarOwner, ownerId: string): Promise<CalendarState> {
    return this.executor.load<CalendarState, never>(calendarStream(owner, ownerId), calendarDecider);
  }
}

const bookedSlot = ({ lessonId, startsAt, endsAt }: LessonSlot, withId: string) => ({
  lessonId,
  startsAt,
  endsAt,
  withId,
});

/** A SLOT_TAKEN refusal of `owner`'s calendar, told apart from the other calendar's. */
async function taken<T>(owner: CalendarOwner, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'SLOT_TAKEN') throw new CalendarTaken(owner, err);
    throw err;
  }
}
