import { CalendarCommand, calendarDecider } from './calendar.decider';
import { BookedSlot, CalendarEvent } from './calendar.events';
import { DeciderSpecification } from '../../test/support/decider-specification';

const slot = (lessonId: string, startsAt: string, endsAt: string, withId = 'student-1'): BookedSlot => ({
  lessonId,
  startsAt,
  endsAt,
  withId,
});
const booked = (...slots: BookedSlot[]): CalendarEvent => ({
  type: 'CalendarSlotsBooked',
  data: { owner: 'teacher', ownerId: 't1', slots },
});
const book = (...slots: BookedSlot[]): CalendarCommand => ({
  type: 'BookSlots',
  owner: 'teacher',
  ownerId: 't1',
  slots,
});

const { given } = DeciderSpecification.for(calendarDecider);

const A = slot('L1', '2026-11-02T20:00:00.000Z', '2026-11-02T20:30:00.000Z');

describe('calendar decider', () => {
  it('books a free slot', () =>
    given([])
      .when(book(A))
      .then([booked(A)]));

  it('refuses an overlapping slot, naming what it collides with', () => {
    const err = given([booked(A)])
      .when(book(slot('L2', '2026-11-02T20:15:00.000Z', '2026-11-02T21:00:00.000Z')))
      .refusal('SLOT_TAKEN');
    expect(err.details?.conflicts).toEqual([
      {
        startsAt: '2026-11-02T20:15:00.000Z',
        endsAt: '2026-11-02T21:00:00.000Z',
        with: { lessonId: 'L1', startsAt: A.startsAt, endsAt: A.endsAt },
      },
    ]);
  });

  it('allows back-to-back lessons', () =>
    given([booked(A)])
      .when(book(slot('L2', '2026-11-02T20:30:00.000Z', '2026-11-02T21:00:00.000Z')))
      .then([booked(slot('L2', '2026-11-02T20:30:00.000Z', '2026-11-02T21:00:00.000Z'))]));

  it('books a recurring series all or nothing', () => {
    const series = [
      slot('W1', '2026-11-09T20:00:00.000Z', '2026-11-09T20:30:00.000Z'),
      slot('W2', '2026-11-02T20:00:00.000Z', '2026-11-02T20:30:00.000Z'),
    ];
    const err = given([booked(A)])
      .when(book(...series))
      .refusal('SLOT_TAKEN');
    expect((err.details?.conflicts as unknown[]).length).toBe(1);
  });

  it('refuses a series whose own slots overlap', () => {
    given([])
      .when(
        book(
          slot('X1', '2026-11-02T20:00:00.000Z', '2026-11-02T21:00:00.000Z'),
          slot('X2', '2026-11-02T20:30:00.000Z', '2026-11-02T21:30:00.000Z'),
        ),
      )
      .thenRefuses('SLOT_TAKEN');
  });

  it('is a no-op when the same booking is made again (a retry)', () =>
    given([booked(A)])
      .when(book(A))
      .then([]));

  it('refuses a lesson booked again at another time', () => {
    given([booked(A)])
      .when(book({ ...A, startsAt: '2026-11-03T20:00:00.000Z', endsAt: '2026-11-03T20:30:00.000Z' }))
      .thenRefuses('LESSON_ALREADY_BOOKED');
  });

  it('refuses a slot that ends before it starts', () => {
    given([])
      .when(book(slot('B', '2026-11-02T21:00:00.000Z', '2026-11-02T20:00:00.000Z')))
      .thenRefuses('SLOT_ENDS_BEFORE_START');
  });

  it('frees a released slot for others; releasing twice changes nothing', () => {
    const released: CalendarEvent = {
      type: 'CalendarSlotReleased',
      data: { owner: 'teacher', ownerId: 't1', lessonId: 'L1', reason: 'cancelled' },
    };
    given([booked(A)])
      .when({ type: 'ReleaseSlot', owner: 'teacher', ownerId: 't1', lessonId: 'L1', reason: 'cancelled' })
      .then([released]);
    given([booked(A), released])
      .when({ type: 'ReleaseSlot', owner: 'teacher', ownerId: 't1', lessonId: 'L1', reason: 'cancelled' })
      .then([]);
    const B = slot('L2', A.startsAt, A.endsAt, 'student-2');
    given([booked(A), released])
      .when(book(B))
      .then([booked(B)]);
  });

  describe('moving a slot (reschedule)', () => {
    const move = (startsAt: string, endsAt: string): CalendarCommand => ({
      type: 'MoveSlot',
      owner: 'teacher',
      ownerId: 't1',
      lessonId: 'L1',
      startsAt,
      endsAt,
    });
    const B = slot('L2', '2026-11-02T21:00:00.000Z', '2026-11-02T21:30:00.000Z');

    it('moves to a free time, even one overlapping its own old time', () =>
      given([booked(A)])
        .when(move('2026-11-02T20:15:00.000Z', '2026-11-02T20:45:00.000Z'))
        .then([
          {
            type: 'CalendarSlotMoved',
            data: {
              owner: 'teacher',
              ownerId: 't1',
              lessonId: 'L1',
              startsAt: '2026-11-02T20:15:00.000Z',
              endsAt: '2026-11-02T20:45:00.000Z',
            },
          },
        ]));

    it('refuses a time taken by another lesson', () => {
      given([booked(A, B)])
        .when(move('2026-11-02T20:45:00.000Z', '2026-11-02T21:15:00.000Z'))
        .thenRefuses('SLOT_TAKEN');
    });

    it('refuses a lesson that is not on the calendar; same time is a no-op', () => {
      given([]).when(move(A.startsAt, A.endsAt)).thenRefuses('SLOT_NOT_BOOKED');
      given([booked(A)])
        .when(move(A.startsAt, A.endsAt))
        .then([]);
    });
  });
});

describe('calendar decider: folding many events at once', () => {
  const hour = (i: number) => new Date(Date.UTC(2027, 0, 4) + i * 3_600_000).toISOString();
  const lesson = (i: number) => slot(`L${i}`, hour(i), hour(i + 0.5));
  /** bookings, moves and releases mixed, some of lessons that are not there */
  const history = (n: number): CalendarEvent[] =>
    Array.from({ length: n }, (_, i): CalendarEvent => {
      if (i % 7 === 3)
        return {
          type: 'CalendarSlotReleased',
          data: { owner: 'teacher', ownerId: 't1', lessonId: `L${i - 2}`, reason: 'cancelled' },
        };
      if (i % 5 === 4)
        return {
          type: 'CalendarSlotMoved',
          data: {
            owner: 'teacher',
            ownerId: 't1',
            lessonId: `L${i - 3}`,
            startsAt: hour(i + 1000),
            endsAt: hour(i + 1000.5),
          },
        };
      return booked(lesson(i));
    });

  it('gives what evolving event by event gives, and leaves the state it starts from as it was', () => {
    const events = history(200);
    const { stateAfter } = DeciderSpecification.for(calendarDecider);
    const start = stateAfter(events.slice(0, 50));
    const before = JSON.stringify(start);
    expect(calendarDecider.evolveAll!(start, events.slice(50))).toEqual(stateAfter(events));
    expect(calendarDecider.evolveAll!({ bookings: {} }, events)).toEqual(stateAfter(events));
    expect(JSON.stringify(start)).toBe(before);
  });
});
