import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { StudentRow } from '../../projections/students/student.entity';
import { StudentsProjection } from '../../projections/students/students.projection';
import { migrate, ormOptions } from '../../src/database/orm.config';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { CheckpointMovedError } from '../../src/subscriptions/checkpoint.store';
import { ProjectionHandler } from '../../src/subscriptions/checkpointed-handlers';
import { transactionSql } from '../../src/database/batch-sql';
import { ProjectionRows } from '../../src/subscriptions/projection-rows';
import { FailedEvent } from '../../src/subscriptions/rebuild-report';
import { ShadowBatches } from '../../src/subscriptions/shadow-batches';
import { createShadowTables, shadowSchemaOf } from '../../src/subscriptions/shadow-tables';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A live projection batch keeps its rows in memory and writes them set-based at its end
 * (ProjectionRows). What that must not change: a batch rolled back leaves nothing behind for the
 * next one, and a row looked up by its key (a named statement on each connection) is still found
 * after a column was added to the table.
 */
let database: TestDatabase;
let pool: Pool;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase('live_projection_rows');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 2 });
  orm = await MikroORM.init(ormOptions(database.url, 4));
});
afterAll(async () => {
  await orm.close(true);
  await pool.end();
  await database.drop();
});

let position = 0;
function event(type: string, data: object): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      correlationId: 'c',
      causationId: null,
      actor: { id: 'system', role: 'system' },
      occurredAt: '2026-12-01T10:00:00.000Z',
      schemaVersion: 1,
    },
    streamId: `student-${(data as { studentId: string }).studentId}`,
    streamPosition: 0,
    position,
    recordedAt: '2026-12-01T10:00:00.000Z',
  };
}
const enrolled = (studentId: string) =>
  event('StudentEnrolled', {
    studentId,
    parentId: randomUUID(),
    enrollmentId: randomUUID(),
    firstName: 'Ada',
    lastName: 'Live',
    dateOfBirth: '2015-03-01',
    instrument: 'piano',
    skillLevel: 'beginner',
    lessonRateCents: 4500,
    lessonDurationMinutes: 30,
  });
const students = async (ids: string[]) =>
  (
    await pool.query<{ id: string; teacher_id: string | null }>(
      'SELECT id, teacher_id FROM students WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    )
  ).rows;

it('a batch rolled back leaves no row in memory: its events applied again one by one give the rows', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const [a, b, missing] = [randomUUID(), randomUUID(), randomUUID()];
  const teacherId = randomUUID();
  const from = await handler.loadCheckpoint();
  const batch = [
    enrolled(a),
    event('TeacherAssigned', { studentId: a, teacherId }),
    enrolled(b),
    // about a student the table does not hold: fails the batch after two rows were made in memory
    event('TeacherAssigned', { studentId: missing, teacherId }),
  ];
  await expect(handler.handleBatch(batch, from)).rejects.toThrow(/not found/);
  expect(await students([a, b])).toEqual([]);
  expect(await handler.loadCheckpoint()).toBe(from);

  // As the runner goes on after a failed batch: event by event, the failing one set aside.
  let at = from;
  for (const e of batch.slice(0, 3)) {
    await handler.handleBatch([e], at);
    at = e.position;
  }
  expect(await students([a, b])).toEqual(
    [
      { id: a, teacher_id: teacherId },
      { id: b, teacher_id: null },
    ].sort((x, y) => x.id.localeCompare(y.id)),
  );
  expect(await handler.loadCheckpoint()).toBe(at);
});

it('a row looked up by key is still found on every connection after a column was added to its table', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const id = randomUUID();
  let at = await handler.loadCheckpoint();
  const made = enrolled(id);
  await handler.handleBatch([made], at);
  at = made.position;

  // Several transactions at once take every connection of the ORM's pool, so the lookup is
  // prepared on each of them (a named statement lives on its connection).
  const lookUpEverywhere = () =>
    Promise.all(
      Array.from({ length: 8 }, () =>
        orm.em.fork().transactional(async (em) => {
          const rows = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform(), 0, true);
          const row = await rows.get(await transactionSql(em), StudentRow, id);
          await new Promise((r) => setTimeout(r, 20));
          return row.firstName;
        }),
      ),
    );
  expect(await lookUpEverywhere()).toEqual(Array(8).fill('Ada'));

  // A later migration adds a column while the process runs.
  await pool.query('ALTER TABLE students ADD COLUMN nickname text');
  expect(await lookUpEverywhere()).toEqual(Array(8).fill('Ada'));
  const assigned = event('TeacherAssigned', { studentId: id, teacherId: randomUUID() });
  await handler.handleBatch([assigned], at);
  expect((await students([id]))[0].teacher_id).toBe((assigned.data as { teacherId: string }).teacherId);
});

/** Each statement's first word (SELECT, WITH, BEGIN…). */
const kinds = (sent: string[]) => sent.map((text) => text.split(/\s+/)[0]);

/** The statements a connection of the ORM's pool sends while `work` runs. */
async function statementsOf(work: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    sent.push((typeof config === 'string' ? config : config.text).trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

it('a batch is its lookups and one statement: rows and checkpoint together, no BEGIN or COMMIT', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const [a, b] = [randomUUID(), randomUUID()];
  await handler.handleBatch([enrolled(a)], await handler.loadCheckpoint());
  // another process's batch meanwhile: the row of `a` this handler made is read again
  const first = enrolled(randomUUID());
  await new ProjectionHandler(new StudentsProjection(), orm).handleBatch([first], first.position - 1);
  const batch = [event('TeacherAssigned', { studentId: a, teacherId: randomUUID() }), enrolled(b)];
  const sent = await statementsOf(() => handler.handleBatch(batch, first.position));
  // the lookup of the row the batch changes, then the one statement writing both rows and the checkpoint
  expect(kinds(sent)).toEqual(['SELECT', 'WITH']);
  expect(await students([a, b])).toEqual(
    [
      { id: a, teacher_id: (batch[0].data as { teacherId: string }).teacherId },
      { id: b, teacher_id: null },
    ].sort((x, y) => x.id.localeCompare(y.id)),
  );
  expect(await handler.loadCheckpoint()).toBe(batch[1].position);
});

it('that statement failing part way (a duplicate key) leaves neither the rows nor the checkpoint', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const [a, taken] = [randomUUID(), randomUUID()];
  const from = await handler.loadCheckpoint();
  // a row the batch will try to make, already there (as no projection would leave it)
  await pool.query(
    `INSERT INTO students (id, parent_id, first_name, last_name, instrument, skill_level, lesson_rate_cents,
       lesson_duration_minutes, active, makeup_credits, enrolled_at)
     VALUES ($1, $2, 'Already', 'There', 'piano', 'beginner', 4500, 30, true, 0, now())`,
    [taken, randomUUID()],
  );
  await expect(handler.handleBatch([enrolled(a), enrolled(taken)], from)).rejects.toThrow(/duplicate key/);
  expect((await students([a, taken])).map((s) => s.id)).toEqual([taken]);
  expect(await handler.loadCheckpoint()).toBe(from);
});

it('a batch whose checkpoint another process moved writes no row', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const a = randomUUID();
  const from = await handler.loadCheckpoint();
  await expect(handler.handleBatch([enrolled(a)], from - 1)).rejects.toBeInstanceOf(CheckpointMovedError);
  expect(await students([a])).toEqual([]);
  expect(await handler.loadCheckpoint()).toBe(from);
});

it('a batch that changes rows in place begins a transaction there: its rows first, the change, then COMMIT', async () => {
  const handler = new ProjectionHandler(new StudentsProjection(), orm);
  const a = randomUUID();
  const from = await handler.loadCheckpoint();
  const made = enrolled(a);
  const familyId = (made.data as { parentId: string }).parentId;
  const forgotten = event('FamilyForgotten', {
    familyId,
    studentId: a,
    studentIds: [a],
    enrollmentIds: [],
    lessonIds: [],
  });
  const sent = await statementsOf(() => handler.handleBatch([made, forgotten], from));
  expect(sent[0]).toBe('BEGIN');
  expect(sent[sent.length - 1]).toBe('COMMIT');
  const [row] = (await pool.query('SELECT first_name FROM students WHERE id = $1', [a])).rows;
  expect(row.first_name).not.toBe('Ada');
  expect(await handler.loadCheckpoint()).toBe(forgotten.position);
});

it("a rebuild's batch that failed at its commit does not hold back the batches applied again after it", async () => {
  const schema = shadowSchemaOf(`students_barrier_${randomUUID().slice(0, 8)}`);
  const indexes = await orm.em.fork().transactional((em) => createShadowTables(em, schema, ['students'], 'later'));
  const replay = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform());
  const batches = new ShadowBatches(new StudentsProjection(), orm, schema, replay, new Logger('test'));
  batches.deferredIndexes = indexes;
  try {
    // The first batch's student is in the copy already: its commit fails (a duplicate key).
    const taken = enrolled(randomUUID());
    await pool.query(
      `INSERT INTO ${schema}.students (id, parent_id, first_name, last_name, instrument, skill_level,
         lesson_rate_cents, lesson_duration_minutes, active, makeup_credits, enrolled_at)
       VALUES ($1, $2, 'Already', 'There', 'piano', 'beginner', 4500, 30, true, 0, now())`,
      [(taken.data as { studentId: string }).studentId, randomUUID()],
    );
    const failed: FailedEvent[] = [];
    const first = await batches.stage([taken], undefined, failed);
    // The next batch changes rows in place: it waits for the first's commit, which failed; it is
    // then applied again on its own, after the first, and must not meet that failure again.
    const other = enrolled(randomUUID());
    const forgotten = event('FamilyForgotten', {
      familyId: (other.data as { parentId: string }).parentId,
      studentIds: [(other.data as { studentId: string }).studentId],
      enrollmentIds: [],
      lessonIds: [],
    });
    expect(await batches.stage([other, forgotten], first, failed)).toBeUndefined();
    expect(failed.map((f) => f.eventId)).toEqual([taken.eventId]);
    const { rows } = await pool.query(`SELECT first_name FROM ${schema}.students WHERE id = $1`, [
      (other.data as { studentId: string }).studentId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].first_name).not.toBe('Ada');
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
});

describe('rows kept from one batch to the next', () => {
  const students = new StudentsProjection();
  const teacherOf = async (id: string) =>
    (await pool.query<{ teacher_id: string | null }>('SELECT teacher_id FROM students WHERE id = $1', [id])).rows[0]
      .teacher_id;
  /** a handler whose last batch made student `a` (its row kept) */
  const madeStudent = async () => {
    const handler = new ProjectionHandler(students, orm);
    const a = randomUUID();
    const made = enrolled(a);
    await handler.handleBatch([made], await handler.loadCheckpoint());
    return { handler, a, made };
  };

  it('a batch about a row the last batch made reads nothing: one statement', async () => {
    const { handler, a, made } = await madeStudent();
    const assigned = event('TeacherAssigned', { studentId: a, teacherId: randomUUID() });
    const sent = await statementsOf(() => handler.handleBatch([assigned], made.position));
    expect(kinds(sent)).toEqual(['WITH']);
    expect(await teacherOf(a)).toBe((assigned.data as { teacherId: string }).teacherId);
  });

  it("a family's forgetting drops the rows kept: the next batch reads the erased row, and does not write the name back", async () => {
    const { handler, a, made } = await madeStudent();
    const forgotten = event('FamilyForgotten', {
      familyId: (made.data as { parentId: string }).parentId,
      studentIds: [a],
      enrollmentIds: [],
      lessonIds: [],
    });
    await handler.handleBatch([forgotten], made.position);
    const assigned = event('TeacherAssigned', { studentId: a, teacherId: randomUUID() });
    const sent = await statementsOf(() => handler.handleBatch([assigned], forgotten.position));
    expect(kinds(sent)).toEqual(['SELECT', 'WITH']);
    const [row] = (await pool.query('SELECT first_name, teacher_id FROM students WHERE id = $1', [a])).rows;
    expect(row.first_name).not.toBe('Ada');
    expect(row.teacher_id).toBe((assigned.data as { teacherId: string }).teacherId);
  });

  it('a runner that stops drops them: the next batch reads the row', async () => {
    const { handler, a, made } = await madeStudent();
    handler.stopped();
    const assigned = event('TeacherAssigned', { studentId: a, teacherId: randomUUID() });
    const sent = await statementsOf(() => handler.handleBatch([assigned], made.position));
    expect(kinds(sent)).toEqual(['SELECT', 'WITH']);
  });

  it('after another process ran the subscription, the row is read again and its change kept', async () => {
    const { handler: here, a, made } = await madeStudent();
    const elsewhere = new ProjectionHandler(students, orm);
    // the other process takes over for one batch: it changes the row
    const first = event('TeacherAssigned', { studentId: a, teacherId: randomUUID() });
    await elsewhere.handleBatch([first], made.position);
    // back here: the row in memory is not the table's any more
    const second = event('StudentWithdrawn', { studentId: a, reason: 'moved away' });
    const sent = await statementsOf(() => here.handleBatch([second], first.position));
    expect(kinds(sent)).toEqual(['SELECT', 'WITH']);
    expect(await teacherOf(a)).toBe((first.data as { teacherId: string }).teacherId);
  });

  it("the checkpoint's row changed where it stands (a rebuild's swap): the batch writes nothing, and again reads the table", async () => {
    const { handler, a, made } = await madeStudent();
    // As a rebuild ending where the live model stands: other rows swapped in, the checkpoint
    // moved to where it was.
    const rebuilt = randomUUID();
    await pool.query('UPDATE students SET teacher_id = $1 WHERE id = $2', [rebuilt, a]);
    await pool.query('UPDATE subscription_checkpoints SET position = position WHERE name = $1', [students.name]);
    const next = event('StudentWithdrawn', { studentId: a, reason: 'moved away' });
    await expect(handler.handleBatch([next], made.position)).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await handler.loadCheckpoint()).toBe(made.position);
    // as the runner goes on: the same batch again, from the stored checkpoint
    await handler.handleBatch([next], made.position);
    const [row] = (await pool.query('SELECT teacher_id, active FROM students WHERE id = $1', [a])).rows;
    expect(row).toEqual({ teacher_id: rebuilt, active: false });
  });
});
