import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { NewEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { EncryptingEventStore } from '../../src/privacy/encrypting-event-store';
import { PrivateStreamIds } from '../../src/privacy/private-stream-ids';
import { FamilyKeys, FamilyKeyState } from '../../src/privacy/family-keys';
import { FieldCipher } from '../../src/privacy/field-cipher';
import { newId } from '../../src/shared/ids';
import { createTestDatabase, TestDatabase } from '../support/database';
import { untilLogVisible } from '../support/log-visible';

const master = (s: string) => createHash('sha256').update(s).digest();
const meta = {
  correlationId: 'c',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: '2026-11-01T00:00:00.000Z',
  schemaVersion: 1,
};

/**
 * Both ways the subjects' ties are written: in the append's own statement (the PostgreSQL store,
 * as the app runs it) and just before the append (the way over any other store).
 */
describe.each([
  ['in their append', true],
  ['before their append', false],
])('EncryptingEventStore (over the PostgreSQL adapter), subjects tied %s', (_, tying) => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EncryptingEventStore;
  let keys: FamilyKeys;
  const family = newId();
  const studentId = newId();
  const enrolled = (eventId = newId(), over: Record<string, unknown> = {}): NewEvent => ({
    eventId,
    type: 'StudentEnrolled',
    data: {
      studentId,
      parentId: family,
      enrollmentId: null,
      firstName: 'Ada',
      lastName: 'Byron',
      dateOfBirth: '2014-12-10',
      instrument: 'cello',
      skillLevel: 'beginner',
      lessonRateCents: 3000,
      lessonDurationMinutes: 30,
      preferredLessonDay: null,
      preferredLessonTime: null,
      ...over,
    },
    metadata: meta,
  });
  const lessonScheduled = (student: string, lessonId: string, notes: string): NewEvent => ({
    eventId: newId(),
    type: 'LessonScheduled',
    data: {
      lessonId,
      studentId: student,
      teacherId: newId(),
      startsAt: '2026-11-02T19:00:00.000Z',
      endsAt: '2026-11-02T19:30:00.000Z',
      durationMinutes: 30,
      lessonType: 'regular',
      seriesId: null,
      notes,
      makeupCreditId: null,
    },
    metadata: meta,
  });
  const stored = async (eventId: string) =>
    (await pool.query('SELECT data FROM es_events WHERE event_id = $1', [eventId])).rows[0].data;

  beforeAll(async () => {
    db = await createTestDatabase(`encrypting-store-${tying ? 'tying' : 'before'}`);
    await migrate(db.url);
    pool = new Pool({ connectionString: db.url, max: 4 });
    keys = new FamilyKeys(pool, master('one'));
    const inner = new PostgresEventStore(pool);
    store = new EncryptingEventStore(
      inner,
      keys,
      pool,
      PrivateStreamIds.fromMasterKey(master('one')),
      tying ? inner : undefined,
    );
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('encrypts the registered fields only, deterministically: a retried append stays a retry', async () => {
    const event = enrolled();
    const first = await store.append(`student-${studentId}`, [event], 'no_stream');
    expect(first.written).toBe(true);
    const again = await store.append(`student-${studentId}`, [event], 'no_stream');
    expect(again).toMatchObject({ written: false, position: first.position });
    const data = await stored(event.eventId);
    expect(data.firstName).toMatch(new RegExp(`^pii:1:${family}:`));
    expect(data.dateOfBirth).toMatch(/^pii:1:/);
    expect(data).toMatchObject({ instrument: 'cello', lessonRateCents: 3000, parentId: family });
    const [read] = await store.readStream(`student-${studentId}`);
    expect(read.data).toMatchObject({ firstName: 'Ada', lastName: 'Byron', dateOfBirth: '2014-12-10' });
    await untilLogVisible(store);
    const all = await store.readAll({ types: ['StudentEnrolled'] });
    expect(all[0].data).toMatchObject({ firstName: 'Ada' });
    // The student is tied to the family, for the lessons and notes that follow.
    expect(
      (await pool.query('SELECT kind, family_id FROM family_subjects WHERE subject_id = $1', [studentId])).rows,
    ).toEqual([{ kind: 'student', family_id: family }]);
  });

  it("a lesson note of the student is the family's too; events without personal data pass untouched", async () => {
    const lessonId = newId();
    const scheduled = lessonScheduled(studentId, lessonId, 'bring the rosin');
    await store.append(
      `lesson-${lessonId}`,
      [scheduled, { eventId: newId(), type: 'LessonNoShowRecorded', data: { lessonId }, metadata: meta }],
      'no_stream',
    );
    expect((await stored(scheduled.eventId)).notes).toMatch(new RegExp(`^pii:1:${family}:`));
    expect((await stored(scheduled.eventId)).startsAt).toBe('2026-11-02T19:00:00.000Z');
    const [s] = await store.readStream(`lesson-${lessonId}`, { limit: 1 });
    expect((s.data as { notes: string }).notes).toBe('bring the rosin');
  });

  it('finds the family of a subject it tied, or looked up once, without asking the database again', async () => {
    const book = async (student: string) => {
      const lessonId = newId();
      const lesson = lessonScheduled(student, lessonId, 'scales');
      await store.append(`lesson-${lessonId}`, [lesson], 'no_stream');
      return (await stored(lesson.eventId)).notes as string;
    };
    const query = jest.spyOn(pool, 'query');
    const lookups = () =>
      query.mock.calls.filter(([text]) => String(text).startsWith('SELECT family_id FROM family_subjects')).length;
    try {
      // A student this store tied: its lessons find the family without a lookup.
      const student = newId();
      await store.append(`student-${student}`, [enrolled(newId(), { studentId: student })], 'no_stream');
      expect(await book(student)).toMatch(new RegExp(`^pii:1:${family}:`));
      expect(lookups()).toBe(0);
      // One another process tied: looked up once.
      const [other, otherFamily] = [newId(), newId()];
      await pool.query("INSERT INTO family_subjects (subject_id, kind, family_id) VALUES ($1, 'student', $2)", [
        other,
        otherFamily,
      ]);
      expect(await book(other)).toMatch(new RegExp(`^pii:1:${otherFamily}:`));
      expect(await book(other)).toMatch(new RegExp(`^pii:1:${otherFamily}:`));
      expect(lookups()).toBe(1);
    } finally {
      query.mockRestore();
    }
  });

  it('ties a subject with its event: a refused append ties nothing, appends sent together tie theirs', async () => {
    const query = jest.spyOn(pool, 'query');
    const tieStatements = () =>
      query.mock.calls.filter(([text]) => String(text).startsWith('INSERT INTO family_subjects')).length;
    const tiedTo = async (subject: string) =>
      (await pool.query('SELECT family_id FROM family_subjects WHERE subject_id = $1', [subject])).rows[0]?.family_id;
    try {
      const refused = newId();
      const stream = `student-${refused}`;
      await store.append(stream, [enrolled(newId(), { studentId: newId() })], 'no_stream');
      await expect(store.append(stream, [enrolled(newId(), { studentId: refused })], 'no_stream')).rejects.toThrow(
        /expected/i,
      );
      // With its append: the refusal undoes the tie. Before it: the tie stays (it names no event).
      expect(await tiedTo(refused)).toBe(tying ? undefined : family);
      expect(tieStatements()).toBe(tying ? 0 : 2);
      // Appends arriving together go as one statement; each one's subject is tied and remembered.
      const students = Array.from({ length: 6 }, () => newId());
      await Promise.all(
        students.map((s) => store.append(`student-${s}`, [enrolled(newId(), { studentId: s })], 'no_stream')),
      );
      for (const s of students) expect(await tiedTo(s)).toBe(family);
      // (over the PostgreSQL store, as one statement)
      if (tying) expect(query.mock.calls.some(([text]) => String(text).includes('es_append_batch'))).toBe(true);
      // Without the PostgreSQL store's append to carry them, the rows wait for their own flush.
      const ownTies = query.mock.calls.filter(([text]) => String(text).startsWith('INSERT INTO family_subjects'));
      expect(ownTies.length).toBe(tying ? 0 : 8);
      for (const [text] of ownTies) expect(String(text)).not.toContain('synchronous_commit');
      const lookups = () =>
        query.mock.calls.filter(([text]) => String(text).startsWith('SELECT family_id FROM family_subjects')).length;
      const before = lookups();
      for (const s of students) {
        const lessonId = newId();
        const lesson = lessonScheduled(s, lessonId, 'scales');
        await store.append(`lesson-${lessonId}`, [lesson], 'no_stream');
        expect((await stored(lesson.eventId)).notes).toMatch(new RegExp(`^pii:1:${family}:`));
      }
      expect(lookups()).toBe(before);
      // A subject tied to another family before keeps it; this store does not take the new one,
      // whether its append goes alone or with others (beside one refused).
      const [taken, together, owner] = [newId(), newId(), newId()];
      await pool.query(
        "INSERT INTO family_subjects (subject_id, kind, family_id) VALUES ($1, 'student', $3), ($2, 'student', $3)",
        [taken, together, owner],
      );
      await store.append(`student-${taken}`, [enrolled(newId(), { studentId: taken })], 'no_stream');
      const batches = query.mock.calls.filter(([text]) => String(text).includes('es_append_batch')).length;
      const outcomes = await Promise.allSettled([
        store.append(stream, [enrolled(newId(), { studentId: newId() })], 'no_stream'),
        store.append(`student-${together}`, [enrolled(newId(), { studentId: together })], 'no_stream'),
        ...[1, 2].map(() => {
          const s = newId();
          return store.append(`student-${s}`, [enrolled(newId(), { studentId: s })], 'no_stream');
        }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      if (tying) {
        expect(query.mock.calls.filter(([text]) => String(text).includes('es_append_batch')).length).toBeGreaterThan(
          batches,
        );
      }
      for (const student of [taken, together]) {
        expect(await tiedTo(student)).toBe(owner);
        const lessonId = newId();
        const lesson = lessonScheduled(student, lessonId, 'scales');
        await store.append(`lesson-${lessonId}`, [lesson], 'no_stream');
        expect((await stored(lesson.eventId)).notes).toMatch(new RegExp(`^pii:1:${owner}:`));
      }
    } finally {
      query.mockRestore();
    }
  });

  it("opens a value once while its family's key is in use: reading the event again decrypts nothing", async () => {
    const event = enrolled(newId(), { studentId: newId() });
    const stream = `student-${(event.data as { studentId: string }).studentId}`;
    await store.append(stream, [event], 'no_stream');
    const decrypt = jest.spyOn(FieldCipher.prototype, 'decrypt');
    try {
      const [first] = await store.readStream(stream);
      expect(first.data).toMatchObject({ firstName: 'Ada', lastName: 'Byron', dateOfBirth: '2014-12-10' });
      expect(decrypt).toHaveBeenCalledTimes(3);
      const [again] = await store.readStream(stream);
      expect(again.data).toEqual(first.data);
      expect(decrypt).toHaveBeenCalledTimes(3);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('does not open with another master key, and a tampered ciphertext is refused', async () => {
    const other = new EncryptingEventStore(
      new PostgresEventStore(pool),
      new FamilyKeys(pool, master('two')),
      pool,
      PrivateStreamIds.fromMasterKey(master('two')),
    );
    await expect(other.readStream(`student-${studentId}`)).rejects.toThrow(/does not open with this master key/);
    const event = enrolled(newId(), { studentId: newId() });
    await store.append(`student-${(event.data as { studentId: string }).studentId}`, [event], 'no_stream');
    const token: string = (await stored(event.eventId)).firstName;
    // One character well inside the ciphertext (every bit of it used), changed for certain.
    const at = token.length - 8;
    const flipped = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(flipped).not.toBe(token);
    await pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{firstName}', to_jsonb($2::text)) WHERE event_id = $1`,
      [event.eventId, flipped],
    );
    await expect(store.readStream(`student-${(event.data as { studentId: string }).studentId}`)).rejects.toThrow();
  });

  it('after the key is destroyed: reads say [erased], new personal data of the family is stored erased', async () => {
    expect(await keys.forget(family, new Date('2026-11-05T00:00:00Z'))).toEqual({
      forgottenAt: '2026-11-05T00:00:00.000Z',
      already: false,
    });
    const [read] = await store.readStream(`student-${studentId}`);
    expect(read.data).toMatchObject({
      firstName: '[erased]',
      lastName: '[erased]',
      dateOfBirth: '[erased]',
      lessonRateCents: 3000,
    });
    const later = enrolled(newId(), { studentId: newId() });
    await store.append(`student-${(later.data as { studentId: string }).studentId}`, [later], 'no_stream');
    expect(await stored(later.eventId)).toMatchObject({ firstName: '[erased]', dateOfBirth: '[erased]' });
    expect(await keys.forget(family, new Date('2026-11-06T00:00:00Z'))).toEqual({
      forgottenAt: '2026-11-05T00:00:00.000Z',
      already: true,
    });
    expect(await keys.forget(newId(), new Date())).toBeNull();
  });
  it("a family's key is made by one statement; made at once by several, it is one key; an existing one is kept as stored", async () => {
    const family = randomUUID();
    const query = jest.spyOn(pool, 'query');
    let first: FamilyKeyState;
    try {
      first = await new FamilyKeys(pool, master('one')).getOrCreate(family);
      expect(query).toHaveBeenCalledTimes(1);
      // committed like an append, waiting for the disk: the key held in memory never outlives its row
      expect(String(query.mock.calls[0][0])).not.toContain('synchronous_commit');
    } finally {
      query.mockRestore();
    }
    const row = async () =>
      (await pool.query('SELECT xmin::text AS version, wrapped_key FROM family_keys WHERE family_id = $1', [family]))
        .rows[0];
    const stored = await row();
    // Other processes (their own caches) using it at once: each opens the one stored key.
    const others = await Promise.all(
      Array.from({ length: 4 }, () => new FamilyKeys(pool, master('one')).getOrCreate(family)),
    );
    const sealed = (k: FamilyKeyState) => (k.state === 'active' ? k.cipher.encrypt('Ada', 'e', 'f') : k.state);
    for (const k of others) expect(sealed(k)).toBe(sealed(first));
    expect(await row()).toEqual(stored);
    // Several processes making a new family's key at once agree on one.
    const fresh = randomUUID();
    const made = await Promise.all(
      Array.from({ length: 4 }, () => new FamilyKeys(pool, master('one')).getOrCreate(fresh)),
    );
    for (const k of made) expect(sealed(k)).toBe(sealed(made[0]));
    // A forgotten family's key is not made again.
    await keys.forget(fresh, new Date('2026-11-07T00:00:00Z'));
    expect(await new FamilyKeys(pool, master('one')).getOrCreate(fresh)).toEqual({
      state: 'forgotten',
      forgottenAt: '2026-11-07T00:00:00.000Z',
    });
  });

  it("keeps families' keys in memory only while they are in use: expired ones are dropped", async () => {
    const cache = new FamilyKeys(pool, master('one'));
    for (let i = 0; i < 5; i++) expect((await cache.getOrCreate(randomUUID())).state).toBe('active');
    expect(cache.cachedFamilies).toBe(5);
    const later = Date.now() + 31_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      await cache.getOrCreate(randomUUID());
      expect(cache.cachedFamilies).toBe(1);
    } finally {
      now.mockRestore();
    }
  });
});
