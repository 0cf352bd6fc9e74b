import { RecordedEvent } from './event-store.port';

/** Any declared event: `{ type: 'X'; data: {...} }` as in the modules' `*.events.ts`. */
export type DeclaredEvent = { type: string; data: unknown };

/** The stored form of a union of declared events: one recorded event per type, narrowed by `type`. */
export type StoredEvent<E extends DeclaredEvent> = E extends DeclaredEvent
  ? RecordedEvent<E['type'], E['data']>
  : never;

/**
 * A guard for stored events of E's types: `events.filter(isEvent<CalendarSlotsBooked>('CalendarSlotsBooked'))`
 * gives events whose data is typed. The store returns each event's data in its current declared
 * shape (upcasters run on read), so the type is all there is to check.
 */
export function isEvent<E extends DeclaredEvent>(...types: E['type'][]) {
  return (event: RecordedEvent | undefined | null): event is StoredEvent<E> => !!event && types.includes(event.type);
}

/** The event typed as one of E's, for code that is only ever given those; throws on any other type. */
export function storedEvent<E extends DeclaredEvent>(
  types: readonly E['type'][],
  event: RecordedEvent,
): StoredEvent<E> {
  if (!isEvent<E>(...types)(event)) throw new Error(`unexpected event ${event.type}`);
  return event;
}
