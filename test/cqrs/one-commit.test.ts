import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CommandContext } from '../../src/cqrs/command-context';
import { CommandExecutor, newStream } from '../../src/cqrs/command-executor';
import { migrate } from '../../src/database/orm.config';
import { CommitConflictError, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { Metrics } from '../../src/operations/metrics';
import { Decider, DomainEvent } from '../../src/shared/decider';
import { DomainError } from '../../src/shared/domain-error';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A unit of work (inOneCommit): what a workflow step appends to its streams is held back and
 * made at the end, in one statement and one transaction, all or none; inside, the step sees what
 * it appended.
 */
const meta = () => ({
  correlationId: 'c',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});
const event = (type = 'Happened'): NewEvent => ({ eventId: randomUUID(), type, data: { n: 1 }, metadata: meta() });
const ctx = (): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { id: 'system', role: 'system' },
  issuedAt: new Date().toISOString(),
});
/** the transaction an event was appended in (positions are the transaction's id, shifted, and an offset) */
const transactionOf = (e: RecordedEvent) => Math.floor(e.position / 2 ** 16);

type Taken = DomainEvent<'SeatTaken', { by: string }>;
/** at most two seats */
const seats: Decider<{ type: 'TakeSeat'; by: string }, string[], Taken> = {
  initialState: () => [],
  evolve: (s, e) => [...s, e.data.by],
  decide: (c, s) => {
    if (s.includes(c.by)) return [];
    if (s.length >= 2) throw new DomainError('conflict', 'FULL', 'no seat left');
    return [{ type: 'SeatTaken', data: { by: c.by } }];
  },
};

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
/** another writer, as another process would be: none of the first store's units are its own */
let other: PostgresEventStore;
let executor: CommandExecutor;
const statements: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('one_commit');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 6 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (text) statements.push(text);
    return query(...args);
  };
  store = new PostgresEventStore(pool);
  other = new PostgresEventStore(pool);
  executor = new CommandExecutor(store, new Metrics());
});
afterAll(async () => {
  await store.close();
  await other.close();
  await pool.end();
  await database.drop();
});

describe('the PostgreSQL store', () => {
  it('makes a unit’s appends at its end, in one statement and one transaction; until then only the unit sees them', async () => {
    const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
    const [first, second, third] = [event(), event(), event('Other')];
    statements.length = 0;
    const { result, appends } = await store.inOneCommit(async () => {
      const held = await store.append(a, [first], 'no_stream');
      await store.append(b, [second], 'no_stream');
      await store.append(a, [third], 0);
      // the unit sees what it holds, after what is stored; nobody else sees anything yet
      const seen = await store.readStream(a);
      const last = await store.readStream(a, { direction: 'backwards', limit: 1 });
      return { held, seen, last, elsewhere: await other.readStream(a), log: await other.readAll({ types: ['Other'] }) };
    });
    expect(result.held).toEqual({ nextExpectedRevision: 0, position: 0, written: true, pending: true });
    expect(result.seen.map((e) => [e.eventId, e.streamPosition, e.pending])).toEqual([
      [first.eventId, 0, true],
      [third.eventId, 1, true],
    ]);
    expect(result.last.map((e) => e.eventId)).toEqual([third.eventId]);
    expect(result.elsewhere).toEqual([]);
    expect(result.log.filter((e) => e.streamId === a)).toEqual([]);

    expect(statements.filter((q) => q.includes('es_append')).map((q) => q.match(/es_append\w*/)![0])).toEqual([
      'es_append_all',
    ]);
    const stored = [...(await other.readStream(a)), ...(await other.readStream(b))];
    expect(stored.map((e) => e.eventId)).toEqual([first.eventId, third.eventId, second.eventId]);
    expect(new Set(stored.map(transactionOf)).size).toBe(1);
    expect(stored.every((e) => e.pending === undefined)).toBe(true);
    // the stream's chain runs through both of its appends
    expect(stored[1].prevHash).toBe(stored[0].hash);
    expect(appends.map((x) => [x.streamId, x.nextExpectedRevision, x.position, x.written])).toEqual([
      [a, 0, stored[0].position, true],
      [b, 0, stored[2].position, true],
      [a, 1, stored[1].position, true],
    ]);
  });

  it('makes none of them when one no longer fits its stream', async () => {
    const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
    await store.append(b, [event()], 'no_stream');
    const unit = store.inOneCommit(async () => {
      await store.append(a, [event()], 'no_stream');
      await store.append(b, [event()], 0);
      await other.append(b, [event()], 0); // another writer comes first
    });
    await expect(unit).rejects.toBeInstanceOf(CommitConflictError);
    expect(await store.readStream(a)).toEqual([]);
    expect(await store.readStream(b)).toHaveLength(2);
  });

  it('makes none of them when its work fails', async () => {
    const a = `s-${randomUUID()}`;
    const unit = store.inOneCommit(async () => {
      await store.append(a, [event()], 'no_stream');
      throw new Error('the step failed');
    });
    await expect(unit).rejects.toThrow('the step failed');
    expect(await store.readStream(a)).toEqual([]);
    // and the store appends as before, outside a unit
    await store.append(a, [event()], 'no_stream');
    expect(await store.readStream(a)).toHaveLength(1);
  });

  it('sends a unit that appended once as any append', async () => {
    const a = `s-${randomUUID()}`;
    statements.length = 0;
    await store.inOneCommit(() => store.append(a, [event()], 'no_stream'));
    expect(statements.some((q) => q.includes('es_append_all'))).toBe(false);
    expect(await store.readStream(a)).toHaveLength(1);
  });
});

describe('a step run as one unit of work by the command executor', () => {
  it('decides each command on what the step appended before it, and tells listeners once the appends are made', async () => {
    const [s, t] = [`seats-${randomUUID()}`, `seats-${randomUUID()}`];
    const heard: RecordedEvent[] = [];
    const stop = executor.onStored((e) => heard.push(e));
    let heardInside = -1;
    await executor.inOneCommit(async () => {
      await executor.execute(s, seats, { type: 'TakeSeat', by: 'a' }, ctx());
      await executor.execute(t, seats, { type: 'TakeSeat', by: 'a' }, ctx());
      await executor.execute(s, seats, { type: 'TakeSeat', by: 'b' }, ctx());
      // the stream with both seats taken, though neither is stored yet
      expect(await executor.load(s, seats)).toEqual(['a', 'b']);
      await expect(executor.execute(s, seats, { type: 'TakeSeat', by: 'c' }, ctx())).rejects.toMatchObject({
        code: 'FULL',
      });
      heardInside = heard.length;
    });
    stop();
    expect(heardInside).toBe(0);
    const stored = [...(await store.readStream(s)), ...(await store.readStream(t))];
    expect(stored.map((e) => (e.data as { by: string }).by)).toEqual(['a', 'b', 'a']);
    expect(heard.map((e) => [e.eventId, e.position, e.streamPosition])).toEqual(
      [stored[0], stored[2], stored[1]].map((e) => [e.eventId, e.position, e.streamPosition]),
    );
  });

  it('runs the step again on the streams as they now are when another writer came first: no step half made', async () => {
    const [s, t] = [`seats-${randomUUID()}`, `seats-${randomUUID()}`];
    let runs = 0;
    await executor.inOneCommit(async () => {
      runs++;
      await executor.execute(s, seats, { type: 'TakeSeat', by: 'a' }, ctx());
      // taken to be new, as a step begins a stream its command names: the run again reads it
      await executor.execute(t, seats, { type: 'TakeSeat', by: 'a' }, ctx(), newStream(t));
      if (runs === 1) await other.append(t, [{ ...event('SeatTaken'), data: { by: 'x' } }], 'no_stream');
    });
    expect(runs).toBe(2);
    expect((await store.readStream(s)).map((e) => (e.data as { by: string }).by)).toEqual(['a']);
    expect((await store.readStream(t)).map((e) => (e.data as { by: string }).by)).toEqual(['x', 'a']);
  });

  it('appends nothing of a step that fails', async () => {
    const s = `seats-${randomUUID()}`;
    const step = executor.inOneCommit(async () => {
      await executor.execute(s, seats, { type: 'TakeSeat', by: 'a' }, ctx());
      throw new Error('the gateway is down');
    });
    await expect(step).rejects.toThrow('the gateway is down');
    expect(await store.readStream(s)).toEqual([]);
  });

  it('holds its streams until it is done: a command on one of them meanwhile waits and decides on what the step made', async () => {
    const s = `seats-${randomUUID()}`;
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const step = executor.inOneCommit(async () => {
      runs++;
      await executor.execute(s, seats, { type: 'TakeSeat', by: 'a' }, ctx());
      await paused;
    });
    await new Promise((r) => setTimeout(r, 20));
    const meanwhile = executor.execute(s, seats, { type: 'TakeSeat', by: 'b' }, ctx());
    await new Promise((r) => setTimeout(r, 20));
    release();
    await step;
    expect((await meanwhile).revision).toBe(1);
    expect(runs).toBe(1);
    expect((await store.readStream(s)).map((e) => (e.data as { by: string }).by)).toEqual(['a', 'b']);
  });
});
