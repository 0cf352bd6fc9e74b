import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { Metrics } from '../../src/operations/metrics';
import { SharedLogReads } from '../../src/subscriptions/shared-log-reads';
import { SubscriptionHandler, SubscriptionRunner } from '../../src/subscriptions/subscription-runner';
import { createTestDatabase, TestDatabase } from '../support/database';
import { untilLogVisible } from '../support/log-visible';

/**
 * Appends tell subscriptions what they wrote, so a subscription reads only when something of its
 * types arrived, and keeps looking for an event it was told of until it can read it. The runners
 * here poll once a minute: anything they do within the test comes from wake-ups.
 */
const meta = () => ({
  correlationId: 'c',
  causationId: null,
  actor: { id: 'system', role: 'system' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});
const event = (type: string) => ({ eventId: randomUUID(), type, data: {}, metadata: meta() });

class CountingStore extends PostgresEventStore {
  reads = 0;
  /** how many events each read answered, in order */
  answers: number[] = [];
  /** the next read's answer is held back until this settles (what it read stays as it was) */
  holdNext?: Promise<void>;
  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.reads++;
    const hold = this.holdNext;
    this.holdNext = undefined;
    const events = await super.readAll(options);
    this.answers.push(events.length);
    await hold;
    return events;
  }
}

let database: TestDatabase;
let pool: Pool;
let store: CountingStore;

beforeAll(async () => {
  database = await createTestDatabase('wake_hints');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  store = new CountingStore(pool);
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

function probe(
  type: string | string[],
  options: { shared?: SharedLogReads; before?: () => Promise<void>; store?: CountingStore } = {},
) {
  const types = Array.isArray(type) ? type : [type];
  const handled: string[] = [];
  let checkpoint = 0;
  const handler: SubscriptionHandler = {
    name: `probe-${types.join('-')}`,
    kind: 'saga',
    eventTypes: types,
    loadCheckpoint: async () => checkpoint,
    handleBatch: async (events) => {
      await options.before?.();
      handled.push(...events.map((e) => e.eventId));
      checkpoint = events[events.length - 1].position;
    },
    park: async () => undefined,
    countParked: async () => 0,
  };
  const runner = new SubscriptionRunner(handler, options.store ?? store, OPTIONS, new Metrics(), options.shared);
  return { runner, handled };
}

/** A pipelined saga's runner (SagaScheduler), with what it handled and each checkpoint move. */
function sagaProbe(type: string) {
  const handled: string[] = [];
  const moves: number[] = [];
  let checkpoint = 0;
  const runner = new SubscriptionRunner(
    {
      name: `pipelined-${type}`,
      kind: 'saga',
      eventTypes: [type],
      loadCheckpoint: async () => checkpoint,
      handleBatch: async () => {
        throw new Error('a pipelined saga is not handed batches');
      },
      park: async () => undefined,
      countParked: async () => 0,
      pipelined: {
        concurrency: 4,
        partitionOf: (e) => e.eventId,
        handle: async (e) => void handled.push(e.eventId),
        moveCheckpoint: async (_from, to) => {
          moves.push(to);
          checkpoint = to;
        },
        recordParked: async () => undefined,
      },
    },
    store,
    OPTIONS,
    new Metrics(),
  );
  return { runner, handled, moves, checkpoint: () => checkpoint };
}

/** the runners poll once a minute: anything they do within a test comes from wake-ups */
const OPTIONS = { batchSize: 50, pollIntervalMs: 60_000, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } };
const until = async (done: () => boolean, ms: number) => {
  for (const deadline = Date.now() + ms; !done() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 5));
  return done();
};
const settle = () => new Promise((r) => setTimeout(r, 150));

it('a subscription is not woken by appends of types it does not read', async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled } = probe(ours);
  await runner.start();
  try {
    await settle();
    const before = store.reads;
    for (let i = 0; i < 20; i++) await store.append(`other-${randomUUID()}`, [event('SomethingElse')], 'no_stream');
    await settle();
    expect(store.reads - before).toBe(0);

    const mine = event(ours);
    await store.append(`ours-${randomUUID()}`, [mine], 'no_stream');
    expect(await until(() => handled.includes(mine.eventId), 2_000)).toBe(true);
  } finally {
    await runner.stop();
  }
});

/** Begins on `client` an older transaction that writes and stays open: the log's readable end waits for its commit. */
async function holdLogBack(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  await store.appendOn(client, `other-${randomUUID()}`, [event('SomethingElse')], 'no_stream');
}

it('reads an event held back by an older open transaction as soon as that one ends, with no further append', async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled } = probe(ours);
  await runner.start();
  await settle();
  // An older transaction, still open, that has written: readers of the log must wait for it.
  const older = await pool.connect();
  try {
    await holdLogBack(older);
    const mine = event(ours);
    await store.append(`ours-${randomUUID()}`, [mine], 'no_stream');
    await settle();
    expect(handled).toEqual([]); // committed, but not readable while the older transaction is open
    await older.query('COMMIT');
    expect(await until(() => handled.includes(mine.eventId), 2_500)).toBe(true);
  } finally {
    older.release();
    await runner.stop();
  }
});

it('a subscription caught up reads the log once per append it is woken by: a short batch was everything readable', async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled } = probe(ours);
  await runner.start();
  try {
    await settle();
    for (let i = 1; i <= 3; i++) {
      const before = store.answers.length;
      const mine = event(ours);
      await store.append(`ours-${randomUUID()}`, [mine], 'no_stream');
      expect(await until(() => handled.includes(mine.eventId), 2_000)).toBe(true);
      await settle();
      // The read that brought the event is the last: none after it to find nothing. (Before it,
      // reads may have found nothing yet: another test's transaction, on the same server, can
      // hold the log's readable end back for a moment.)
      const answers = store.answers.slice(before);
      expect(answers[answers.length - 1]).toBe(1);
    }
  } finally {
    await runner.stop();
  }
});

it("with the store listening as the app's does, an append's NOTIFY heard back wakes nobody: one read per append", async () => {
  const listening = new CountingStore(pool, undefined, { connectionString: database.url });
  // another process listening too: appends are announced, and heard back
  const other = new PostgresEventStore(pool, undefined, { connectionString: database.url });
  const offOther = other.onAppended(() => undefined);
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled } = probe(ours, { store: listening });
  const heard: unknown[] = [];
  const off = listening.onAppended((hint) => heard.push(hint));
  await runner.start();
  try {
    await new Promise((r) => setTimeout(r, 300)); // the LISTEN connection
    for (let i = 1; i <= 3; i++) {
      const mine = event(ours);
      const told = heard.length;
      const before = listening.answers.length;
      // each append alone after a quiet moment: its statement carries its NOTIFY
      await new Promise((r) => setTimeout(r, 20));
      await listening.append(`ours-${randomUUID()}`, [mine], 'no_stream');
      expect(await until(() => handled.includes(mine.eventId), 2_000)).toBe(true);
      // told twice: at once in process, and by the NOTIFY heard back on the LISTEN connection
      expect(await until(() => heard.length >= told + 2, 2_000)).toBe(true);
      await settle();
      const answers = listening.answers.slice(before);
      // The read that brought the event is the last (reads before it may have found nothing
      // while another test file's transaction held the log's end back).
      expect(answers[answers.length - 1]).toBe(1);
    }
  } finally {
    off();
    offOther();
    await runner.stop();
    await listening.close();
    await other.close();
  }
});

it('after a short batch, an event it was told of but could not read yet (an older transaction open) is read once readable', async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  // The first batch is held while the next events are appended, so the read after it finds one
  // event readable and is told of one it cannot read yet: the batch is short, and not the end.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let batches = 0;
  const { runner, handled } = probe(ours, { before: () => (batches++ === 0 ? held : Promise.resolve()) });
  await runner.start();
  await settle();
  const older = await pool.connect();
  try {
    const first = event(ours);
    await store.append(`ours-${randomUUID()}`, [first], 'no_stream');
    expect(await until(() => batches === 1, 2_000)).toBe(true);
    const readable = event(ours);
    await store.append(`ours-${randomUUID()}`, [readable], 'no_stream');
    await holdLogBack(older);
    const late = event(ours);
    await store.append(`ours-${randomUUID()}`, [late], 'no_stream');
    release();
    expect(await until(() => handled.includes(readable.eventId), 2_000)).toBe(true);
    await settle();
    expect(handled).not.toContain(late.eventId);
    await older.query('COMMIT');
    expect(await until(() => handled.includes(late.eventId), 2_500)).toBe(true);
  } finally {
    older.release();
    await runner.stop();
  }
});

it('a saga after a short read: an event it was told of but could not read yet is read once readable', async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled } = sagaProbe(ours);
  await runner.start();
  await settle();
  const older = await pool.connect();
  try {
    // The read woken by `first` answers late, with what it read before the next appends: the
    // read after it finds `readable`, and was told of `late`, which it cannot read yet.
    let answer!: () => void;
    store.holdNext = new Promise<void>((r) => (answer = r));
    const first = event(ours);
    await store.append(`ours-${randomUUID()}`, [first], 'no_stream');
    await settle();
    const readable = event(ours);
    await store.append(`ours-${randomUUID()}`, [readable], 'no_stream');
    await holdLogBack(older);
    const late = event(ours);
    await store.append(`ours-${randomUUID()}`, [late], 'no_stream');
    answer();
    expect(await until(() => handled.includes(readable.eventId), 2_000)).toBe(true);
    expect(handled).toEqual([first.eventId, readable.eventId]);
    await older.query('COMMIT');
    expect(await until(() => handled.includes(late.eventId), 2_500)).toBe(true);
  } finally {
    older.release();
    await runner.stop();
  }
});

it('subscriptions caught up and woken by one append share one read of the log, each getting its own events', async () => {
  const [a, b] = [`A${randomUUID().slice(0, 8)}`, `B${randomUUID().slice(0, 8)}`];
  const shared = new SharedLogReads(store);
  const probes = [probe(a, { shared }), probe(b, { shared }), probe([a, b], { shared })];
  for (const p of probes) await p.runner.start();
  try {
    // a first append of each type: the runners start behind, and read alone until caught up
    const warmA = event(a);
    const warmB = event(b);
    await store.append(`x-${randomUUID()}`, [warmA, warmB], 'no_stream');
    expect(await until(() => probes.every((p) => p.handled.length > 0), 2_000)).toBe(true);
    await settle();

    const before = { reads: store.reads, ...shared.counts };
    const events = [event(a), event(b), event(a)];
    await store.append(`x-${randomUUID()}`, events, 'no_stream');
    expect(await until(() => probes[2].handled.length === 5, 2_000)).toBe(true);
    await settle();
    // Every read went through the shared reads, and fewer reached the store than were asked: one
    // for all three, unless the log's readable end was held back for a moment (see above).
    const sent = shared.counts.sent - before.sent;
    expect(store.reads - before.reads).toBe(sent);
    expect(sent).toBeLessThan(shared.counts.answered - before.answered);
    const [a1, b1, a2] = events.map((e) => e.eventId);
    expect(probes[0].handled).toEqual([warmA.eventId, a1, a2]);
    expect(probes[1].handled).toEqual([warmB.eventId, b1]);
    expect(probes[2].handled).toEqual([warmA.eventId, warmB.eventId, a1, b1, a2]);
  } finally {
    for (const p of probes) await p.runner.stop();
  }
});

it('a shared read cut off by its limit: a subscription whose share it cut short reads on its own', async () => {
  const [a, b] = [`A${randomUUID().slice(0, 8)}`, `B${randomUUID().slice(0, 8)}`];
  const shared = new SharedLogReads(store);
  const from = (await store.append(`x-${randomUUID()}`, [event('SomethingElse')], 'no_stream')).position;
  const [a1, a2, a3, b1] = [event(a), event(a), event(a), event(b)];
  await store.append(`x-${randomUUID()}`, [a1, a2, a3, b1], 'no_stream');
  // (readable once no other test file's older transaction on the server holds the log's end back)
  await untilLogVisible(store);
  const before = store.reads;
  const [onlyA, onlyB] = await Promise.all([shared.read(from, 2, new Set([a])), shared.read(from, 2, new Set([b]))]);
  // one shared read (of both types, at most 2: a1, a2), then B's own: its share was empty but cut off
  expect(store.reads - before).toBe(2);
  expect(onlyA.map((e) => e.eventId)).toEqual([a1.eventId, a2.eventId]);
  expect(onlyB.map((e) => e.eventId)).toEqual([b1.eventId]);
});

it('a subscription of rare types, woken with others, reads from where its last shared read ended, not from its last event', async () => {
  const [rare, busy] = [`Rare${randomUUID().slice(0, 8)}`, `Busy${randomUUID().slice(0, 8)}`];
  const shared = new SharedLogReads(store);
  const rareOnes = new Set([rare]);
  const busyOnes = new Set([busy]);
  const asked: number[] = [];
  const spy = jest.spyOn(store, 'readAll').mockImplementation(function (this: CountingStore, options) {
    asked.push(options?.after ?? 0);
    return CountingStore.prototype.readAll.call(this, options);
  });
  try {
    const first = (await store.append(`x-${randomUUID()}`, [event(rare)], 'no_stream')).position;
    const busyEvents = Array.from({ length: 10 }, () => event(busy));
    const lastBusy = (await store.append(`x-${randomUUID()}`, busyEvents, 'no_stream')).position;
    await untilLogVisible(store);
    // both read together: the shared read starts at the rare one's event, and brings the busy events
    const [rareShare, busyShare] = await Promise.all([
      shared.read(first, 50, rareOnes),
      shared.read(first, 50, busyOnes),
    ]);
    expect(rareShare).toEqual([]);
    expect(busyShare.map((e) => e.eventId)).toEqual(busyEvents.map((e) => e.eventId));

    // The next append wakes both again: the rare one's position is still its old event, but the
    // shared read starts where the last one ended.
    const [rare2, busy2] = [event(rare), event(busy)];
    await store.append(`x-${randomUUID()}`, [rare2, busy2], 'no_stream');
    await untilLogVisible(store);
    asked.length = 0;
    const [rareNext, busyNext] = await Promise.all([
      shared.read(first, 50, rareOnes),
      shared.read(lastBusy, 50, busyOnes),
    ]);
    expect(asked).toEqual([lastBusy]);
    expect(rareNext.map((e) => e.eventId)).toEqual([rare2.eventId]);
    expect(busyNext.map((e) => e.eventId)).toEqual([busy2.eventId]);

    // Asked from anywhere else (its share not handled, say), it reads from where it asks.
    asked.length = 0;
    const again = await Promise.all([shared.read(first, 50, rareOnes), shared.read(lastBusy, 50, busyOnes)]);
    expect(asked).toEqual([first]);
    expect(again[0].map((e) => e.eventId)).toEqual([rare2.eventId]);
  } finally {
    spy.mockRestore();
  }
});

it('a share cut by its own limit: the next read starts after the share, skipping nothing', async () => {
  const [a, b] = [`A${randomUUID().slice(0, 8)}`, `B${randomUUID().slice(0, 8)}`];
  const shared = new SharedLogReads(store);
  const onlyA = new Set([a]);
  const onlyB = new Set([b]);
  const from = (await store.append(`x-${randomUUID()}`, [event('SomethingElse')], 'no_stream')).position;
  const as = [event(a), event(a), event(a)];
  await store.append(`x-${randomUUID()}`, [...as, event(b)], 'no_stream');
  await untilLogVisible(store);
  const [first] = await Promise.all([shared.read(from, 2, onlyA), shared.read(from, 10, onlyB)]);
  expect(first.map((e) => e.eventId)).toEqual([as[0].eventId, as[1].eventId]);
  const [next] = await Promise.all([shared.read(first[1].position, 2, onlyA), shared.read(from, 10, onlyB)]);
  expect(next.map((e) => e.eventId)).toEqual([as[2].eventId]);
});

it('another process hears what was appended: NOTIFY carries the types and their last positions', async () => {
  const writer = new PostgresEventStore(pool, undefined, { connectionString: database.url });
  const listener = new PostgresEventStore(pool, undefined, { connectionString: database.url });
  const heard: (Record<string, number> | undefined)[] = [];
  const off = listener.onAppended((hint) => heard.push(hint as Record<string, number> | undefined));
  try {
    await new Promise((r) => setTimeout(r, 300)); // the LISTEN connection
    const a = await writer.append(`x-${randomUUID()}`, [event('Alpha'), event('Beta'), event('Alpha')], 'no_stream');
    const b = await writer.append(`x-${randomUUID()}`, [event('Beta')], 'no_stream');
    expect(await until(() => heard.some((h) => h?.Beta === b.position), 3_000)).toBe(true);
    // Appends within 5 ms go out as one merged hint; on a busy machine the two may fall into two
    // windows. Either way, what was heard names each type with its last position.
    const union = Object.assign({}, ...heard.filter((h): h is Record<string, number> => !!h));
    expect(union).toEqual({ Alpha: a.position, Beta: b.position });
  } finally {
    off();
    await writer.close();
    await listener.close();
  }
});

it('an append after a quiet moment carries its own NOTIFY: one statement, heard once committed, with its exact hint', async () => {
  const writerPool = new Pool({ connectionString: database.url, max: 2 });
  const writer = new PostgresEventStore(writerPool, undefined, { connectionString: database.url });
  const listener = new PostgresEventStore(pool, undefined, { connectionString: database.url });
  const heard: (Record<string, number> | undefined)[] = [];
  const off = listener.onAppended((hint) => heard.push(hint as Record<string, number> | undefined));
  try {
    await new Promise((r) => setTimeout(r, 300)); // the LISTEN connection, and a quiet moment
    const statements = jest.spyOn(writerPool, 'query');
    const a = await writer.append(`x-${randomUUID()}`, [event('Alpha'), event('Beta'), event('Alpha')], 'no_stream');
    expect(await until(() => heard.length > 0, 3_000)).toBe(true);
    expect(heard).toEqual([{ Alpha: a.position, Beta: a.position - 1 }]);
    expect(statements).toHaveBeenCalledTimes(1); // the append; no NOTIFY of its own after it
  } finally {
    off();
    await writer.close();
    await listener.close();
    await writerPool.end();
  }
});

it('an append after a quiet moment is announced to other processes at once; the next ones within 5 ms together', async () => {
  const sent: unknown[][] = [];
  const fakePool = { query: async (...args: unknown[]) => void sent.push(args) } as unknown as Pool;
  const writer = new PostgresEventStore(fakePool, undefined, { connectionString: 'postgres://unused' });
  const wake = (hint: Record<string, number>) =>
    (writer as unknown as { wakeListeners(h: Record<string, number>): void }).wakeListeners(hint);
  // The window is measured on performance.now(): held still here, so that a pause of the test
  // process between two lines (a busy machine) cannot move the second append out of it.
  let now = performance.now();
  const clock = jest.spyOn(performance, 'now').mockImplementation(() => now);
  try {
    wake({ Alpha: 10 });
    expect(sent.map((args) => (args[1] as string[])[1])).toEqual(['{"Alpha":10}']); // no timer first
    now += 1;
    wake({ Beta: 11 });
    wake({ Alpha: 12 });
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent.map((args) => JSON.parse((args[1] as string[])[1]) as unknown)).toEqual([
      { Alpha: 10 },
      { Alpha: 12, Beta: 11 },
    ]);
    // a quiet moment later (the window passed), the next append is announced at once again
    now += 10;
    wake({ Beta: 13 });
    expect(sent).toHaveLength(3);
  } finally {
    clock.mockRestore();
    await writer.close();
  }
});

describe('a process alone sends no NOTIFY', () => {
  /** the statements that announced appends (not a process saying it listens, or leaves) */
  const notifies = (spy: jest.SpyInstance) =>
    spy.mock.calls.filter((args) => {
      const text = JSON.stringify(args);
      return text.includes('pg_notify') && !text.includes('listening:') && !text.includes('leaving:');
    }).length;

  it('while no other process listens; once another begins to listen, at once; once it has gone, silent again', async () => {
    // a database of its own: no other test's listener is there
    const alone = await createTestDatabase('notify_alone');
    await migrate(alone.url);
    const ownPool = new Pool({ connectionString: alone.url, max: 2 });
    const writerPool = new Pool({ connectionString: alone.url, max: 2 });
    const writer = new PostgresEventStore(writerPool, undefined, { connectionString: alone.url });
    const heardHere: unknown[] = [];
    const offWriter = writer.onAppended((hint) => heardHere.push(hint));
    let other: PostgresEventStore | undefined;
    const clock = jest.spyOn(performance, 'now');
    try {
      await new Promise((r) => setTimeout(r, 300)); // its LISTEN
      const statements = jest.spyOn(writerPool, 'query');
      for (let i = 0; i < 3; i++) {
        await writer.append(`x-${randomUUID()}`, [event('Alpha')], 'no_stream');
        await new Promise((r) => setTimeout(r, 20));
      }
      await settle();
      expect(heardHere).toHaveLength(3); // its own readers are told, in process
      expect(notifies(statements)).toBe(0);

      // Another process begins to listen: its greeting is heard, and the next append is announced.
      other = new PostgresEventStore(ownPool, undefined, { connectionString: alone.url });
      const heardThere: (Record<string, number> | undefined)[] = [];
      other.onAppended((hint) => heardThere.push(hint as Record<string, number> | undefined));
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const b = await writer.append(`x-${randomUUID()}`, [event('Beta')], 'no_stream');
      expect(await until(() => heardThere.some((h) => h?.Beta === b.position), 1_000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000); // not the next greeting, 2 s on
      expect(notifies(statements)).toBe(1);
      // and the newcomer knows of the writer at once (answered its greeting): its appends are announced too
      const c = await other.append(`x-${randomUUID()}`, [event('Gamma')], 'no_stream');
      expect(await until(() => heardHere.some((h) => (h as Record<string, number>)?.Gamma === c.position), 1_000)).toBe(
        true,
      );

      // It goes, and says so: the writer is silent again.
      await other.close();
      other = undefined;
      await settle();
      statements.mockClear();
      await writer.append(`x-${randomUUID()}`, [event('Gamma')], 'no_stream');
      await settle();
      expect(notifies(statements)).toBe(0);

      // One that goes without a word (a killed process) stands for 5 s after its last greeting.
      const killedPool = new Pool({ connectionString: alone.url, max: 2 });
      const killed = new PostgresEventStore(killedPool, undefined, { connectionString: alone.url });
      killed.onAppended(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      jest.spyOn(killedPool, 'query').mockImplementation((() => Promise.reject(new Error('killed'))) as never); // says nothing more
      await killed.close();
      await killedPool.end();
      statements.mockClear();
      await writer.append(`x-${randomUUID()}`, [event('Delta')], 'no_stream');
      expect(notifies(statements)).toBe(1);
      const now = performance.now();
      clock.mockReturnValue(now + 5_500);
      statements.mockClear();
      await writer.append(`x-${randomUUID()}`, [event('Epsilon')], 'no_stream');
      expect(notifies(statements)).toBe(0);
    } finally {
      clock.mockRestore();
      offWriter();
      await other?.close();
      await writer.close();
      await writerPool.end();
      await ownPool.end();
      await alone.drop();
    }
  }, 15_000);
});

it("a saga's checkpoint follows events handled a few milliseconds apart with one move, not one per event", async () => {
  const ours = `Ours${randomUUID().slice(0, 8)}`;
  const { runner, handled, moves, checkpoint } = sagaProbe(ours);
  await runner.start();
  try {
    await settle();
    // as a workflow's steps: each event appended once the one before was handled
    let last = 0;
    for (let i = 0; i < 4; i++) {
      const e = event(ours);
      last = (await store.append(`ours-${randomUUID()}`, [e], 'no_stream')).position;
      expect(await until(() => handled.includes(e.eventId), 2_000)).toBe(true);
    }
    expect(await until(() => checkpoint() === last, 2_000)).toBe(true);
    expect(moves.length).toBeLessThan(4);
    expect(moves[moves.length - 1]).toBe(last);
  } finally {
    await runner.stop();
  }
});
