import { RecordedEvent } from '../event-store.port';
import { auditFilter, splitMetadata } from './esdb-metadata';

const recordedAt = '2026-12-05T10:00:00.000Z';
const ours = {
  correlationId: 'c1',
  causationId: 'x1',
  actor: { id: 'u1', role: 'parent' },
  occurredAt: '2026-11-02T10:00:00.000Z',
  schemaVersion: 2,
};

describe('splitMetadata', () => {
  it('takes the adapter keys out of the stored metadata and keeps every other key as stored', () => {
    const split = splitMetadata(
      { ...ours, extra: { a: 1 }, hash: 'h2', prevHash: 'h1', writeId: 'w' },
      'e1',
      recordedAt,
    );
    expect(split).toEqual({ metadata: { ...ours, extra: { a: 1 } }, hash: 'h2', prevHash: 'h1', writeId: 'w' });
  });

  it('reads a stream’s first event (prevHash null) and events without a hash or mark', () => {
    expect(splitMetadata({ ...ours, hash: 'h0', prevHash: null }, 'e1', recordedAt)).toEqual({
      metadata: ours,
      hash: 'h0',
      prevHash: null,
    });
    expect(splitMetadata(ours, 'e1', recordedAt)).toEqual({ metadata: ours });
  });

  it('fills safe defaults for metadata written by other tools, or none at all', () => {
    const defaults = {
      correlationId: 'e1',
      causationId: null,
      actor: { id: 'system', role: 'system' },
      occurredAt: recordedAt,
      schemaVersion: 1,
    };
    expect(splitMetadata(undefined, 'e1', recordedAt)).toEqual({ metadata: defaults });
    expect(splitMetadata(new Uint8Array([1, 2]), 'e1', recordedAt)).toEqual({ metadata: defaults });
    expect(splitMetadata(['a'], 'e1', recordedAt)).toEqual({ metadata: defaults });
    expect(splitMetadata({ schemaVersion: 'two', source: 'import' }, 'e1', recordedAt).metadata).toEqual({
      ...defaults,
      schemaVersion: 'two',
      source: 'import',
    });
  });

  it('ignores adapter keys of the wrong type', () => {
    expect(splitMetadata({ ...ours, hash: 42, writeId: 7 }, 'e1', recordedAt)).toEqual({ metadata: ours });
  });
});

describe('auditFilter', () => {
  const event = (
    over: Partial<RecordedEvent> & { metadata?: Partial<RecordedEvent['metadata']> } = {},
  ): RecordedEvent => ({
    eventId: 'e',
    type: 'T',
    data: {},
    streamId: 's1',
    streamPosition: 0,
    position: 1,
    recordedAt,
    ...over,
    metadata: { ...(ours as RecordedEvent['metadata']), ...over.metadata },
  });

  it('matches everything without filters', () => {
    expect(auditFilter({})(event())).toBe(true);
  });

  it('filters by stream, correlation, actor and the occurrence window (from inclusive, before exclusive)', () => {
    expect(auditFilter({ streamId: 's1' })(event())).toBe(true);
    expect(auditFilter({ streamId: 's2' })(event())).toBe(false);
    expect(auditFilter({ correlationId: 'c1' })(event())).toBe(true);
    expect(auditFilter({ correlationId: 'c2' })(event())).toBe(false);
    expect(auditFilter({ actorId: 'u1' })(event())).toBe(true);
    expect(auditFilter({ actorId: 'u2' })(event())).toBe(false);
    expect(auditFilter({ occurredFrom: '2026-11-02T10:00:00.000Z' })(event())).toBe(true);
    expect(auditFilter({ occurredFrom: '2026-11-02T10:00:00.001Z' })(event())).toBe(false);
    expect(auditFilter({ occurredBefore: '2026-11-02T10:00:00.000Z' })(event())).toBe(false);
    expect(auditFilter({ occurredBefore: '2026-11-02T10:00:00.001Z' })(event())).toBe(true);
    expect(auditFilter({ streamId: 's1', actorId: 'u2' })(event())).toBe(false);
  });
});
