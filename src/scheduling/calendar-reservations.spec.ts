import { systemContext } from '../../test/support/fixtures';
import { CommandExecutor } from '../cqrs/command-executor';
import { EventStore } from '../event-store/event-store.port';
import { Metrics } from '../operations/metrics';
import { DomainError } from '../shared/domain-error';
import { CalendarReservations, CalendarTaken, Reservation } from './calendar-reservations';
import { calendarDecider, CalendarState } from './calendar.decider';
import { calendarStream } from './calendar.events';
import { StreamsInMemory } from '../../test/support/streams-in-memory';

const [TEACHER, STUDENT] = ['t1', 's1'];
const pair = { teacherId: TEACHER, studentId: STUDENT };
const slot = { lessonId: 'L1', startsAt: '2026-11-16T16:00:00.000Z', endsAt: '2026-11-16T16:30:00.000Z' };
const later = { startsAt: '2026-11-16T17:00:00.000Z', endsAt: '2026-11-16T17:30:00.000Z' };
const context = (commandId: string) => systemContext(commandId, '2026-11-09T12:00:00.000Z');

describe('calendar reservations: both calendars or neither', () => {
  let store: StreamsInMemory;
  let executor: CommandExecutor;
  let reservations: CalendarReservations;
  const bookings = async (owner: 'teacher' | 'student', id: string) =>
    Object.keys((await executor.load<CalendarState, never>(calendarStream(owner, id), calendarDecider)).bookings);
  const occupy = (
    owner: 'teacher' | 'student',
    id: string,
    lessonId: string,
    at: { startsAt: string; endsAt: string },
  ) =>
    executor.execute(
      calendarStream(owner, id),
      calendarDecider,
      {
        type: 'BookSlots',
        owner,
        ownerId: id,
        slots: [{ lessonId, startsAt: at.startsAt, endsAt: at.endsAt, withId: 'x' }],
      },
      context(`occupy-${owner}-${lessonId}`),
    );

  beforeEach(() => {
    store = new StreamsInMemory();
    executor = new CommandExecutor(store as unknown as EventStore, new Metrics());
    reservations = new CalendarReservations(executor);
  });

  it('reserves on both calendars; its undo gives both back', async () => {
    const reservation = await reservations.reserve(pair, [slot], context('book'));
    expect(await bookings('teacher', TEACHER)).toEqual(['L1']);
    expect(await bookings('student', STUDENT)).toEqual(['L1']);
    await reservation.undo();
    expect(await bookings('teacher', TEACHER)).toEqual([]);
    expect(await bookings('student', STUDENT)).toEqual([]);
  });

  it("the student's calendar taken: the teacher's slot is given back, and the refusal says whose", async () => {
    await occupy('student', STUDENT, 'piano-elsewhere', slot);
    const refusal = await reservations.reserve(pair, [slot], context('book')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CalendarTaken);
    expect(refusal).toMatchObject({ owner: 'student', code: 'SLOT_TAKEN', kind: 'conflict' });
    expect(await bookings('teacher', TEACHER)).toEqual([]);
    const released = store.streams.get(calendarStream('teacher', TEACHER))!.map((e) => e.type);
    expect(released).toEqual(['CalendarSlotsBooked', 'CalendarSlotReleased']);
  });

  it("the teacher's calendar taken: the student's is never touched", async () => {
    await occupy('teacher', TEACHER, 'other-pupil', slot);
    await expect(reservations.reserve(pair, [slot], context('book'))).rejects.toMatchObject({ owner: 'teacher' });
    expect(store.streams.has(calendarStream('student', STUDENT))).toBe(false);
  });

  it('two overlapping bookings of one pair from two processes: exactly one written, whatever the timing', async () => {
    // Two instances (each its own executor) on one log whose appends take a varying while.
    const append = store.append.bind(store);
    jest.spyOn(store, 'append').mockImplementation(async (...args: Parameters<StreamsInMemory['append']>) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      return append(...args);
    });
    const instances = [0, 1].map(
      () => new CalendarReservations(new CommandExecutor(store as unknown as EventStore, new Metrics())),
    );
    for (let round = 0; round < 25; round++) {
      const booking = (i: number) => ({ ...slot, lessonId: `round-${round}-${i}` });
      const outcomes = await Promise.allSettled(
        instances.map((r, i) => r.reserve(pair, [booking(i)], context(`book-${round}-${i}`))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const held = await bookings('teacher', TEACHER);
      expect(held.filter((id) => id.startsWith(`round-${round}-`))).toHaveLength(1);
      // free the hour for the next round
      await (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<Reservation>).value.undo();
    }
  });

  it('the same reservation again is a no-op; again after its undo, a refusal (REQUEST_ABANDONED)', async () => {
    const first = await reservations.reserve(pair, [slot], context('book'));
    await reservations.reserve(pair, [slot], context('book'));
    expect(store.streams.get(calendarStream('teacher', TEACHER))).toHaveLength(1);
    await first.undo();
    const again = await reservations.reserve(pair, [slot], context('book')).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ code: 'REQUEST_ABANDONED' });
  });

  it("moves a lesson on both calendars; the student's taken, the teacher's goes back", async () => {
    await reservations.reserve(pair, [slot], context('book'));
    await reservations.move(pair, 'L1', slot, later, context('move'));
    const teacherCalendar = await executor.load<CalendarState, never>(
      calendarStream('teacher', TEACHER),
      calendarDecider,
    );
    expect(teacherCalendar.bookings.L1).toMatchObject(later);

    await occupy('student', STUDENT, 'theory-class', slot);
    await expect(reservations.move(pair, 'L1', later, slot, context('move-back'))).rejects.toMatchObject({
      owner: 'student',
      code: 'SLOT_TAKEN',
    });
    const after = await executor.load<CalendarState, never>(calendarStream('teacher', TEACHER), calendarDecider);
    expect(after.bookings.L1).toMatchObject(later);
  });
});
