import { assertNever, Decider } from '../shared/decider';
import { conflict, invalid } from '../shared/domain-error';
import { BookedSlot, CalendarEvent, CalendarOwner, CalendarSlotReleased } from './calendar.events';

export interface CalendarState {
  /** lessonId → its slot, for every booking not released */
  bookings: Record<string, BookedSlot>;
}

export type BookSlotsCommand = { type: 'BookSlots'; owner: CalendarOwner; ownerId: string; slots: BookedSlot[] };
export type ReleaseSlotCommand = {
  type: 'ReleaseSlot';
  owner: CalendarOwner;
  ownerId: string;
  lessonId: string;
  reason: CalendarSlotReleased['data']['reason'];
};
export type MoveSlotCommand = {
  type: 'MoveSlot';
  owner: CalendarOwner;
  ownerId: string;
  lessonId: string;
  startsAt: string;
  endsAt: string;
};
export type CalendarCommand = BookSlotsCommand | ReleaseSlotCommand | MoveSlotCommand;

export interface SlotConflict {
  startsAt: string;
  endsAt: string;
  /** the booking it collides with (another lesson, or another slot of the same request) */
  with: { lessonId: string; startsAt: string; endsAt: string };
}

const overlap = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

const sameSlot = (a: BookedSlot, b: BookedSlot) =>
  a.startsAt === b.startsAt && a.endsAt === b.endsAt && a.withId === b.withId;

/** Every slot of the command that collides with a booking or with an earlier slot of the command. */
export function conflictsOf(slots: readonly BookedSlot[], state: CalendarState): SlotConflict[] {
  const taken = Object.values(state.bookings);
  const conflicts: SlotConflict[] = [];
  slots.forEach((slot, i) => {
    const existing = state.bookings[slot.lessonId];
    if (existing && sameSlot(existing, slot)) return;
    const hit = [...taken.filter((b) => b.lessonId !== slot.lessonId), ...slots.slice(0, i)].find((b) =>
      overlap(b, slot),
    );
    if (hit)
      conflicts.push({
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        with: { lessonId: hit.lessonId, startsAt: hit.startsAt, endsAt: hit.endsAt },
      });
  });
  return conflicts;
}

function book(c: BookSlotsCommand, s: CalendarState): CalendarEvent[] {
  if (c.slots.length === 0) throw invalid('NO_SLOTS', 'nothing to book');
  for (const slot of c.slots) {
    if (!(Date.parse(slot.startsAt) < Date.parse(slot.endsAt)))
      throw invalid('SLOT_ENDS_BEFORE_START', 'a lesson must end after it starts');
    const existing = s.bookings[slot.lessonId];
    if (existing && !sameSlot(existing, slot))
      throw conflict('LESSON_ALREADY_BOOKED', `lesson ${slot.lessonId} is booked at another time`);
  }
  const conflicts = conflictsOf(c.slots, s);
  if (conflicts.length) {
    throw conflict(
      'SLOT_TAKEN',
      `the ${c.owner}'s calendar is taken at ${conflicts.map((x) => x.startsAt).join(', ')}`,
      { conflicts },
    );
  }
  const fresh = c.slots.filter((slot) => !s.bookings[slot.lessonId]);
  return fresh.length
    ? [{ type: 'CalendarSlotsBooked', data: { owner: c.owner, ownerId: c.ownerId, slots: fresh } }]
    : [];
}

function move(c: MoveSlotCommand, s: CalendarState): CalendarEvent[] {
  const current = s.bookings[c.lessonId];
  if (!current) throw conflict('SLOT_NOT_BOOKED', `lesson ${c.lessonId} is not on this calendar`);
  if (current.startsAt === c.startsAt && current.endsAt === c.endsAt) return [];
  if (!(Date.parse(c.startsAt) < Date.parse(c.endsAt)))
    throw invalid('SLOT_ENDS_BEFORE_START', 'a lesson must end after it starts');
  const conflicts = conflictsOf([{ ...current, startsAt: c.startsAt, endsAt: c.endsAt }], s);
  if (conflicts.length)
    throw conflict('SLOT_TAKEN', `the ${c.owner}'s calendar is taken at ${c.startsAt}`, { conflicts });
  return [
    {
      type: 'CalendarSlotMoved',
      data: { owner: c.owner, ownerId: c.ownerId, lessonId: c.lessonId, startsAt: c.startsAt, endsAt: c.endsAt },
    },
  ];
}

function release(c: ReleaseSlotCommand, s: CalendarState): CalendarEvent[] {
  if (!s.bookings[c.lessonId]) return [];
  return [
    {
      type: 'CalendarSlotReleased',
      data: { owner: c.owner, ownerId: c.ownerId, lessonId: c.lessonId, reason: c.reason },
    },
  ];
}

/** One event applied to bookings of the fold's own (a copy no state shares). */
function applyTo(bookings: Record<string, BookedSlot>, event: CalendarEvent): void {
  switch (event.type) {
    case 'CalendarSlotsBooked':
      for (const slot of event.data.slots) bookings[slot.lessonId] = slot;
      return;
    case 'CalendarSlotMoved': {
      const slot = bookings[event.data.lessonId];
      if (slot) bookings[slot.lessonId] = { ...slot, startsAt: event.data.startsAt, endsAt: event.data.endsAt };
      return;
    }
    case 'CalendarSlotReleased':
      delete bookings[event.data.lessonId];
      return;
    default:
      return assertNever(event);
  }
}

/**
 * A calendar's bookings are copied once per fold, not once per event: a teacher's calendar holds
 * every lesson not released, a year of them over a thousand.
 */
export const calendarDecider: Decider<CalendarCommand, CalendarState, CalendarEvent> = {
  initialState: () => ({ bookings: {} }),
  evolve(state, event) {
    return calendarDecider.evolveAll!(state, [event]);
  },
  evolveAll(state, events) {
    const bookings = { ...state.bookings };
    for (const event of events) applyTo(bookings, event);
    return { bookings };
  },
  decide(command, state) {
    switch (command.type) {
      case 'BookSlots':
        return book(command, state);
      case 'ReleaseSlot':
        return release(command, state);
      case 'MoveSlot':
        return move(command, state);
      default:
        return assertNever(command);
    }
  },
};
