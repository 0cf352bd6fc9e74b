import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CommandContext } from '../../src/cqrs/command-context';
import { CommandExecutor, newStream } from '../../src/cqrs/command-executor';
import { migrate } from '../../src/database/orm.config';
import { ReadStreamOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { Metrics } from '../../src/operations/metrics';
import { Decider, DomainEvent } from '../../src/shared/decider';
import { DomainError } from '../../src/shared/domain-error';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A check that reads a stream, then a command on the same stream: the stream is read once, and a
 * stream that changed in between is still decided on as it now is (the append's expected
 * revision fails and the command reads it again).
 */
class CountingStore extends PostgresEventStore {
  streamReads = 0;
  /** where each read of a stream began (undefined: at its start) */
  readFrom: (number | undefined)[] = [];
  appends = 0;
  override append(...args: Parameters<PostgresEventStore['append']>) {
    this.appends++;
    return super.append(...args);
  }
  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.streamReads++;
    this.readFrom.push(options?.from);
    return super.readStream(streamId, options);
  }
}

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
const ctx = (): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { id: 'system', role: 'system' },
  issuedAt: new Date().toISOString(),
});

let database: TestDatabase;
let pool: Pool;
let store: CountingStore;
let executor: CommandExecutor;

beforeAll(async () => {
  database = await createTestDatabase('command_executor');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  store = new CountingStore(pool);
  executor = new CommandExecutor(store, new Metrics());
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

it('a check, then a command on the same stream: one read of the stream', async () => {
  const stream = `seats-${randomUUID()}`;
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
  const before = store.streamReads;
  const state = await executor.load(stream, seats);
  expect(state).toEqual(['a']);
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx());
  expect(store.streamReads - before).toBe(1);
  // the next command reads the stream itself: what was read for the check served once
  await expect(executor.execute(stream, seats, { type: 'TakeSeat', by: 'c' }, ctx())).rejects.toMatchObject({
    code: 'FULL',
  });
  expect(store.streamReads - before).toBe(2);
});

it('a stream changed between the check and the command is decided on as it now is', async () => {
  const stream = `seats-${randomUUID()}`;
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
  expect(await executor.load(stream, seats)).toEqual(['a']);
  // another writer (another instance) takes the last seat meanwhile
  const other = new CommandExecutor(new PostgresEventStore(pool), new Metrics());
  await other.execute(stream, seats, { type: 'TakeSeat', by: 'x' }, ctx());
  await expect(executor.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx())).rejects.toMatchObject({
    code: 'FULL',
  });
  expect((await store.readStream(stream)).map((e) => (e.data as { by: string }).by)).toEqual(['a', 'x']);
});

it('a redelivered command whose events were stored after the check appends nothing again', async () => {
  const stream = `seats-${randomUUID()}`;
  const command = ctx();
  expect(await executor.load(stream, seats)).toEqual([]);
  await new CommandExecutor(new PostgresEventStore(pool), new Metrics()).execute(
    stream,
    seats,
    { type: 'TakeSeat', by: 'a' },
    command,
  );
  const again = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, command);
  expect(again.events).toEqual([]);
  expect(await store.readStream(stream)).toHaveLength(1);
});

it('commands of one process on one stream take turns: none fails its append against another and tries again', async () => {
  const stream = `ledger-${randomUUID()}`;
  const entries: Decider<{ type: 'Post'; n: number }, number, DomainEvent<'Posted', { n: number }>> = {
    initialState: () => 0,
    evolve: (count) => count + 1,
    decide: (c) => [{ type: 'Posted', data: { n: c.n } }],
  };
  const before = store.appends;
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, n) => executor.execute(stream, entries, { type: 'Post', n }, ctx())),
  );
  expect(results.map((r) => r.revision).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(store.appends - before).toBe(8);
  expect(await store.readStream(stream)).toHaveLength(8);
});

describe('a workflow step triggered by an event of the stream (history through that event)', () => {
  const lastOf = async (stream: string) => (await store.readStream(stream)).at(-1)!;

  it('is the stream this process decided on, then the event: no read of the stream', async () => {
    const stream = `seats-${randomUUID()}`;
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
    const stored = await store.readStream(stream);
    const trigger = stored.at(-1)!; // as a saga would get it from the log
    const before = store.streamReads;
    const { state, events } = await executor.history(stream, seats, trigger);
    expect(state).toEqual(['a']);
    expect(events.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
    // and the command of the step decides on it and appends without reading it either
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx());
    expect(store.streamReads - before).toBe(0);
    // a refusal is not decided on a kept stream: it reads the stream as it now is
    await expect(executor.execute(stream, seats, { type: 'TakeSeat', by: 'c' }, ctx())).rejects.toMatchObject({
      code: 'FULL',
    });
    expect(store.streamReads - before).toBe(1);
  });

  it('reads the stream when what this process knows ends earlier than just before the event', async () => {
    const stream = `seats-${randomUUID()}`;
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
    // another process appends twice: this one knows [a] only
    const other = new CommandExecutor(store, new Metrics());
    await other.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx());
    await expect(other.execute(stream, seats, { type: 'TakeSeat', by: 'c' }, ctx())).rejects.toMatchObject({
      code: 'FULL',
    });
    const trigger = await lastOf(stream);
    const before = store.streamReads;
    expect((await executor.history(stream, seats, trigger)).state).toEqual(['a', 'b']);
    expect(store.streamReads - before).toBe(1);
  });

  it('reads the stream when the event is not the one stored at its place in what this process knows', async () => {
    const stream = `seats-${randomUUID()}`;
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
    const first = await lastOf(stream);
    await executor.load(stream, seats); // known: [a]
    const before = store.streamReads;
    const forged: RecordedEvent = { ...first, eventId: randomUUID(), data: { by: 'z' } };
    expect((await executor.history(stream, seats, forged)).state).toEqual(['a']);
    expect(store.streamReads - before).toBe(1);
    // an event of another stream is no anchor either
    const elsewhere: RecordedEvent = { ...first, streamId: `seats-${randomUUID()}`, streamPosition: 1 };
    expect((await executor.history(stream, seats, elsewhere)).state).toEqual(['a']);
    expect(store.streamReads - before).toBe(2);
  });
});

describe('a stream read again: its beginning as read, and what was stored after it', () => {
  type Booked = DomainEvent<'SlotBooked', { slot: number }>;
  const calendar: Decider<{ type: 'Book'; slot: number }, number[], Booked> = {
    initialState: () => [],
    evolve: (s, e) => [...s, e.data.slot],
    decide: (c, s) => (s.includes(c.slot) ? [] : [{ type: 'SlotBooked', data: { slot: c.slot } }]),
  };

  it('reads only the events stored since, and decides on the whole stream', async () => {
    const stream = `calendar-${randomUUID()}`;
    for (const slot of [1, 2, 3]) await executor.execute(stream, calendar, { type: 'Book', slot }, ctx());
    expect((await executor.load(stream, calendar)).length).toBe(3);
    // another process books two more
    const other = new CommandExecutor(store, new Metrics());
    for (const slot of [4, 5]) await other.execute(stream, calendar, { type: 'Book', slot }, ctx());
    store.readFrom = [];
    const { state, events } = await executor.history(stream, calendar);
    expect(store.readFrom).toEqual([3]);
    expect(state).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => e.eventId)).toEqual((await store.readStream(stream)).map((e) => e.eventId));
    // a command after a write it did not see: its append fails, and it reads on from what it had
    await other.execute(stream, calendar, { type: 'Book', slot: 6 }, ctx());
    store.readFrom = [];
    await executor.execute(stream, calendar, { type: 'Book', slot: 7 }, ctx());
    expect(store.readFrom).toEqual([5]);
    expect((await other.load(stream, calendar)).slice(-2)).toEqual([6, 7]);
  });

  it('folds only the events after the beginning it folded before', async () => {
    let evolved = 0;
    const counting = { ...calendar, evolve: (s: number[], e: Booked) => (evolved++, calendar.evolve(s, e)) };
    const stream = `calendar-${randomUUID()}`;
    for (const slot of [1, 2, 3, 4]) await executor.execute(stream, counting, { type: 'Book', slot }, ctx());
    await new CommandExecutor(store, new Metrics()).execute(stream, calendar, { type: 'Book', slot: 5 }, ctx());
    evolved = 0;
    // its last command folded the first three (what it appended it did not read back): the 4th and 5th
    expect(await executor.load(stream, counting)).toEqual([1, 2, 3, 4, 5]);
    expect(evolved).toBe(2);
    // the command that follows decides on what the check folded
    evolved = 0;
    await executor.execute(stream, counting, { type: 'Book', slot: 6 }, ctx());
    expect(evolved).toBe(0);
    // another decider's fold of the same stream is its own
    const zeros = { ...calendar, evolve: (s: number[]) => [...s, 0] };
    expect(await executor.load(stream, zeros)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("a caller's older read does not make the beginning known any younger: read whole 30 s after the whole read", async () => {
    const stream = `calendar-${randomUUID()}`;
    await executor.execute(stream, calendar, { type: 'Book', slot: 1 }, ctx());
    const start = performance.now();
    const clock = jest.spyOn(performance, 'now');
    try {
      clock.mockReturnValue(start + 1);
      const early = await executor.history(stream, calendar); // read whole
      await new CommandExecutor(store, new Metrics()).execute(stream, calendar, { type: 'Book', slot: 2 }, ctx());
      clock.mockReturnValue(start + 2_000);
      await executor.history(stream, calendar); // the rest after it
      clock.mockReturnValue(start + 25_000);
      // a command decided on the caller's early read (now stale: its append fails, and it reads on)
      await executor.execute(stream, calendar, { type: 'Book', slot: 3 }, ctx(), early);
      clock.mockReturnValue(start + 31_000);
      store.readFrom = [];
      expect(await executor.load(stream, calendar)).toEqual([1, 2, 3]);
      expect(store.readFrom).toEqual([undefined]);
    } finally {
      clock.mockRestore();
    }
  });

  it('drops from memory what is past its time', async () => {
    const fresh = new CommandExecutor(store, new Metrics());
    const stream = `calendar-${randomUUID()}`;
    await fresh.execute(stream, calendar, { type: 'Book', slot: 1 }, ctx());
    await fresh.load(stream, calendar);
    // (what it keeps, looked at from outside: the maps the sweep empties)
    const kept = (
      fresh as unknown as { known: { prefixes: Map<string, unknown>; recent: Map<string, unknown>; sweep(): void } }
    ).known;
    expect(kept.prefixes.size).toBe(1);
    const later = jest.spyOn(performance, 'now').mockReturnValue(performance.now() + 31_000);
    try {
      kept.sweep();
      expect(kept.prefixes.size).toBe(0);
      expect(kept.recent.size).toBe(0);
    } finally {
      later.mockRestore();
    }
  });

  it('reads the stream whole again once its beginning was read 30 s ago', async () => {
    const stream = `calendar-${randomUUID()}`;
    await executor.execute(stream, calendar, { type: 'Book', slot: 1 }, ctx());
    await executor.load(stream, calendar);
    await executor.load(stream, calendar);
    const now = performance.now();
    const later = jest.spyOn(performance, 'now').mockReturnValue(now + 31_000);
    try {
      store.readFrom = [];
      await executor.load(stream, calendar);
      await executor.load(stream, calendar);
      // whole once, then from there again for the next 30 s
      expect(store.readFrom).toEqual([undefined, 1]);
    } finally {
      later.mockRestore();
    }
  });
});

it('tells its listeners of each event a command stored alone, as the log then gives it; nothing for a retry', async () => {
  const stream = `seats-${randomUUID()}`;
  const heard: RecordedEvent[] = [];
  const stop = executor.onStored((e) => heard.push(e));
  const c = ctx();
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, c);
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, c); // the same command again
  stop();
  await executor.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx());
  const [stored] = await store.readStream(stream);
  expect(heard).toHaveLength(1);
  expect(heard[0]).toMatchObject({
    eventId: stored.eventId,
    streamId: stream,
    streamPosition: stored.streamPosition,
    position: stored.position,
    type: 'SeatTaken',
    data: { by: 'a' },
    metadata: stored.metadata,
  });
});

type Released = DomainEvent<'SeatReleased', { by: string }>;
/** seats that can be given back: giving back a seat not held is refused */
const givenBack: Decider<{ type: 'TakeSeat' | 'ReleaseSeat'; by: string }, string[], Taken | Released> = {
  initialState: () => [],
  evolve: (s, e) => (e.type === 'SeatTaken' ? [...s, e.data.by] : s.filter((by) => by !== e.data.by)),
  decide: (c, s) => {
    if (c.type === 'TakeSeat') return s.includes(c.by) ? [] : [{ type: 'SeatTaken', data: { by: c.by } }];
    if (!s.includes(c.by)) throw new DomainError('conflict', 'NOT_HELD', `${c.by} holds no seat`);
    return [{ type: 'SeatReleased', data: { by: c.by } }];
  },
};

it('a stream kept from an earlier check never refuses a command: a refusal is decided on the stream as it now is', async () => {
  const stream = `seats-${randomUUID()}`;
  const elsewhere = new CommandExecutor(store, new Metrics());
  await executor.execute(stream, givenBack, { type: 'TakeSeat', by: 'a' }, ctx());
  expect(await executor.load(stream, givenBack)).toEqual(['a']);
  // another request (or process) takes a seat after that check
  await elsewhere.execute(stream, givenBack, { type: 'TakeSeat', by: 'b' }, ctx());
  const released = await executor.execute(stream, givenBack, { type: 'ReleaseSeat', by: 'b' }, ctx());
  expect(released.events).toEqual([{ type: 'SeatReleased', data: { by: 'b' } }]);
});

it('a stream kept from an earlier check never makes a command a no-op: it is decided on the stream as it now is', async () => {
  const stream = `seats-${randomUUID()}`;
  const elsewhere = new CommandExecutor(store, new Metrics());
  await executor.execute(stream, givenBack, { type: 'TakeSeat', by: 'a' }, ctx());
  expect(await executor.load(stream, givenBack)).toEqual(['a']);
  await elsewhere.execute(stream, givenBack, { type: 'ReleaseSeat', by: 'a' }, ctx());
  const taken = await executor.execute(stream, givenBack, { type: 'TakeSeat', by: 'a' }, ctx());
  expect(taken.events).toEqual([{ type: 'SeatTaken', data: { by: 'a' } }]);
  expect(await elsewhere.load(stream, givenBack)).toEqual(['a']);
});

it('answers with its event as stored, also when the same command comes again: no read of the stream for it', async () => {
  const stream = `seats-${randomUUID()}`;
  const command = ctx();
  const first = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, command);
  const [stored] = await store.readStream(stream);
  expect(first.stored).toMatchObject([{ eventId: stored.eventId, streamPosition: 0, position: stored.position }]);
  const again = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, command);
  expect(again.alreadyApplied).toBe(true);
  expect(again.stored?.map((e) => e.eventId)).toEqual([stored.eventId]);
});

describe('a stream taken to be new (newStream): decided on as empty without reading it', () => {
  it('begins the stream with no read of it', async () => {
    const stream = `seats-${randomUUID()}`;
    const before = { reads: store.streamReads, appends: store.appends };
    const result = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx(), newStream(stream));
    expect(result.events).toEqual([{ type: 'SeatTaken', data: { by: 'a' } }]);
    expect({ reads: store.streamReads - before.reads, appends: store.appends - before.appends }).toEqual({
      reads: 0,
      appends: 1,
    });
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ by: 'a' }]);
    // and the step its event triggers gets the stream without reading it either
    const [stored] = await store.readStream(stream);
    const reads = store.streamReads;
    expect((await executor.history(stream, seats, stored)).state).toEqual(['a']);
    expect(store.streamReads - reads).toBe(0);
  });

  it('the same command again: its events are found stored, nothing is appended twice', async () => {
    const stream = `seats-${randomUUID()}`;
    const command = ctx();
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, command, newStream(stream));
    const again = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, command, newStream(stream));
    expect(again.alreadyApplied).toBe(true);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('a stream that exists after all is decided on as it is: a refusal, a no-op, or an append after its events', async () => {
    const stream = `seats-${randomUUID()}`;
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx());
    // a no-op on the stream as it is (a has a seat), not a second SeatTaken for a
    const same = await executor.execute(stream, seats, { type: 'TakeSeat', by: 'a' }, ctx(), newStream(stream));
    expect(same.events).toEqual([]);
    await executor.execute(stream, seats, { type: 'TakeSeat', by: 'b' }, ctx(), newStream(stream));
    await expect(
      executor.execute(stream, seats, { type: 'TakeSeat', by: 'c' }, ctx(), newStream(stream)),
    ).rejects.toMatchObject({ code: 'FULL' });
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ by: 'a' }, { by: 'b' }]);
  });
});
