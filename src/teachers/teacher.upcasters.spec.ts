import { RecordedEvent } from '../event-store/event-store.port';
import { CURRENT_SCHEMA_VERSION } from '../event-store/schema-versions';
import { UPCASTERS } from '../upcasters';
import { Upcasters } from '../event-store/upcasting';

const v1 = {
  teacherId: 't1',
  userId: 'u1',
  firstName: 'Clara',
  lastName: 'Schumann',
  email: 'clara@example.com',
  instruments: ['piano'],
  hourlyRateCents: 65_00,
  maxStudents: 12,
  availability: {},
  bio: null,
};

const stored = (version: number, data: unknown): RecordedEvent => ({
  eventId: 'e1',
  type: 'TeacherRegistered',
  data,
  streamId: 'teacher-t1',
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

describe('TeacherRegistered schema versions', () => {
  const upcasters = new Upcasters(UPCASTERS);

  it('is written at version 2', () => expect(CURRENT_SCHEMA_VERSION.TeacherRegistered).toBe(2));

  it('reads a version 1 event as version 2: maxStudents becomes seats', () => {
    const read = upcasters.apply(stored(1, v1));
    expect(read.metadata.schemaVersion).toBe(2);
    const { maxStudents, ...rest } = v1;
    expect(read.data).toEqual({ ...rest, seats: maxStudents });
  });

  it('leaves a version 2 event as it is', () => {
    const { maxStudents, ...rest } = v1;
    const current = stored(2, { ...rest, seats: maxStudents });
    expect(upcasters.apply(current)).toBe(current);
  });
});
