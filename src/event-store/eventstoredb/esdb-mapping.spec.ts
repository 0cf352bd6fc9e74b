import { InvalidAppendError } from '../event-store.port';
import {
  eventTypesRegex,
  fromEsdbStream,
  isOwnEvent,
  isUnavailable,
  readStartAfter,
  storedBatchAt,
  toEsdbStream,
  toPortPosition,
} from './esdb-mapping';
import { resubscribeDelay } from './esdb-subscription';
import { filteredReadRequest } from './esdb-filtered-read';

describe('positions', () => {
  it('shifts $all positions by one, so the first event of an empty log (0) comes after checkpoint 0', () => {
    expect(toPortPosition({ commit: 0n, prepare: 0n }, 'e')).toBe(1);
    expect(toPortPosition({ commit: 1234n, prepare: 1234n }, 'e')).toBe(1235);
  });

  it('refuses events without a position (servers before 22.6) or beyond safe integers', () => {
    expect(() => toPortPosition(undefined, 'e1')).toThrow(/e1 has no \$all position/);
    expect(() => toPortPosition({ commit: 2n ** 53n, prepare: 2n ** 53n }, 'e2')).toThrow(/out of range/);
    expect(() => toPortPosition({ commit: -1n, prepare: -1n }, 'e3')).toThrow(/out of range/);
  });

  it('starts a read after a position at the event itself (the read includes it), after nothing at the start', () => {
    expect(readStartAfter(undefined)).toBe('start');
    expect(readStartAfter(0)).toBe('start');
    expect(readStartAfter(1)).toEqual({ commit: 0n, prepare: 0n });
    expect(readStartAfter(1235)).toEqual({ commit: 1234n, prepare: 1234n });
    const position = { commit: 77n, prepare: 77n };
    expect(readStartAfter(toPortPosition(position, 'e'))).toEqual(position);
  });
});

describe('streams and types', () => {
  it('puts the app’s streams under its prefix and recognises them', () => {
    expect(toEsdbStream('cedar.', 'teacher-1')).toBe('cedar.teacher-1');
    expect(fromEsdbStream('cedar.', 'cedar.teacher-1')).toBe('teacher-1');
    expect(fromEsdbStream('cedar.', 'orders-1')).toBeUndefined();
    expect(fromEsdbStream('cedar.', 'cedar.')).toBeUndefined();
  });

  it('counts as its own only non-system events in its streams, of the wanted types', () => {
    expect(isOwnEvent('cedar.', 'cedar.s', 'TeacherRegistered')).toBe(true);
    expect(isOwnEvent('cedar.', 'orders-1', 'TeacherRegistered')).toBe(false);
    expect(isOwnEvent('cedar.', 'cedar.s', '$metadata')).toBe(false);
    expect(isOwnEvent('cedar.', 'cedar.s', 'A', new Set(['A']))).toBe(true);
    expect(isOwnEvent('cedar.', 'cedar.s', 'B', new Set(['A']))).toBe(false);
  });

  it('matches exactly the given event types, whatever characters they hold', () => {
    const regex = new RegExp(eventTypesRegex(['LessonBooked', 'a.b', 'x|y', 'p(q)*']));
    for (const type of ['LessonBooked', 'a.b', 'x|y', 'p(q)*']) expect(regex.test(type)).toBe(true);
    for (const type of ['LessonBookedLate', 'PreLessonBooked', 'aXb', 'x', 'pq']) expect(regex.test(type)).toBe(false);
  });
});

describe('storedBatchAt', () => {
  it('finds a batch stored anywhere in the stream, in order', () => {
    expect(storedBatchAt(['a', 'b', 'c'], ['a', 'b'])).toBe(0);
    expect(storedBatchAt(['a', 'b', 'c'], ['b', 'c'])).toBe(1);
    expect(storedBatchAt(['a', 'b', 'c'], ['d'])).toBe(-1);
    expect(storedBatchAt([], ['d'])).toBe(-1);
  });

  it('refuses ids stored with other events: partly stored, out of order, or a later id alone', () => {
    expect(() => storedBatchAt(['a', 'b', 'c'], ['a', 'x'])).toThrow(InvalidAppendError);
    expect(() => storedBatchAt(['a', 'b', 'c'], ['b', 'a'])).toThrow(InvalidAppendError);
    expect(() => storedBatchAt(['a', 'b', 'c'], ['x', 'c'])).toThrow(InvalidAppendError);
    expect(() => storedBatchAt(['a', 'b'], ['b', 'c'])).toThrow(InvalidAppendError);
  });
});

describe('isUnavailable', () => {
  it('takes the client’s transport and unknown failures for an unavailable store', () => {
    for (const type of ['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'unknown', 'not-leader'])
      expect(isUnavailable({ type })).toBe(true);
    expect(isUnavailable({ code: 14 })).toBe(true);
    expect(isUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
  });

  it('leaves refusals the app understands, and anything else, alone', () => {
    for (const type of ['wrong-expected-version', 'stream-not-found', 'stream-deleted', 'access-denied'])
      expect(isUnavailable({ type })).toBe(false);
    expect(isUnavailable({ code: 9 })).toBe(false);
    expect(isUnavailable(new Error('boom'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});

describe('resubscribeDelay', () => {
  it('doubles from 250 ms, capped at 15 s', () => {
    expect([1, 2, 3, 4, 10, 100].map(resubscribeDelay)).toEqual([250, 500, 1000, 2000, 15_000, 15_000]);
  });
});

describe('filteredReadRequest', () => {
  it('asks for a server-side filter by stream prefix or by event-type regex, in either direction', () => {
    const byStream = filteredReadRequest({
      from: 'start',
      direction: 'forwards',
      maxCount: 10,
      filter: { on: 'stream', prefixes: ['cedar.'] },
    }).getOptions()!;
    expect(byStream.hasFilter()).toBe(true);
    expect(byStream.getFilter()!.getStreamIdentifier()!.getPrefixList()).toEqual(['cedar.']);
    expect(byStream.getAll()!.hasStart()).toBe(true);
    expect(byStream.getCount()).toBe('10');
    expect(byStream.getReadDirection()).toBe(0);

    const byType = filteredReadRequest({
      from: { commit: 5n, prepare: 5n },
      direction: 'backwards',
      maxCount: 1,
      filter: { on: 'type', regex: '^(?:A)$' },
    }).getOptions()!;
    expect(byType.getFilter()!.getEventType()!.getRegex()).toBe('^(?:A)$');
    expect(byType.getAll()!.getPosition()!.getCommitPosition()).toBe('5');
    expect(byType.getReadDirection()).toBe(1);
    expect(
      filteredReadRequest({ from: 'end', direction: 'backwards', maxCount: 1, filter: { on: 'type', regex: 'x' } })
        .getOptions()!
        .getAll()!
        .hasEnd(),
    ).toBe(true);
  });
});
