import { RecordedEvent } from './event-store.port';
import { Upcasters } from './upcasting';

const stored = (type: string, version: number, data: unknown): RecordedEvent => ({
  eventId: 'e',
  type,
  data,
  streamId: 's',
  streamPosition: 0,
  position: 1,
  recordedAt: '2026-01-01T00:00:00.000Z',
  metadata: {
    correlationId: 'c',
    causationId: null,
    actor: { id: 'system', role: 'system' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: version,
  },
});

describe('upcasters', () => {
  const upcasters = new Upcasters([
    { type: 'StudentEnrolled', fromVersion: 1, upcast: (d) => ({ ...(d as object), skillLevel: 'beginner' }) },
    {
      type: 'StudentEnrolled',
      fromVersion: 2,
      upcast: (d) => ({ ...(d as object), instruments: [(d as { instrument: string }).instrument] }),
    },
  ]);

  it('chains versions up to the current one', () => {
    const e = upcasters.apply(stored('StudentEnrolled', 1, { instrument: 'piano' }));
    expect(e.data).toEqual({ instrument: 'piano', skillLevel: 'beginner', instruments: ['piano'] });
    expect(e.metadata.schemaVersion).toBe(3);
  });

  it('leaves current versions and other types alone', () => {
    const current = stored('StudentEnrolled', 3, { x: 1 });
    expect(upcasters.apply(current)).toBe(current);
    const other = stored('LessonScheduled', 1, { y: 1 });
    expect(upcasters.apply(other)).toBe(other);
  });

  it('refuses two upcasters for one version', () =>
    expect(() => upcasters.register({ type: 'StudentEnrolled', fromVersion: 1, upcast: (d) => d })).toThrow(
      /two upcasters/,
    ));
});
