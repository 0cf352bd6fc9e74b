import { randomUUID } from 'node:crypto';
import {
  EventMetadata,
  EventStore,
  NewEvent,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.port';
import { eventHash } from '../../src/event-store/event-hash';
import { Upcasters } from '../../src/event-store/upcasting';

export interface ContractSubject {
  store: EventStore;
  teardown(): Promise<void>;
}

/** The behaviour every event-store adapter must have. Positions are compared, never assumed dense. */
export function eventStoreContract(adapter: string, setup: (upcasters: Upcasters) => Promise<ContractSubject>): void {
  describe(`event store contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const upcasters = new Upcasters([
      { type: 'ContractRenamed', fromVersion: 1, upcast: (d) => ({ fullName: (d as { name: string }).name }) },
    ]);

    beforeAll(async () => {
      subject = await setup(upcasters);
      store = subject.store;
    });
    afterAll(async () => subject?.teardown());

    const meta = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'tester', role: 'admin' },
      occurredAt: '2026-11-22T10:00:00.000Z',
      schemaVersion: 1,
      ...overrides,
    });
    const event = (type: string, data: unknown = {}, metadata = meta()): NewEvent => ({
      eventId: randomUUID(),
      type,
      data,
      metadata,
    });
    const newStream = () => `contract-${randomUUID()}`;
    /**
     * The global log shows an event once every transaction begun before it has finished —
     * anywhere on the server (other test files share it) — so reads wait for it, briefly.
     */
    const readAllUntil = async (options: Parameters<EventStore['readAll']>[0], count: number) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const events = await store.readAll(options);
        if (events.length >= count || Date.now() > deadline) return events;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const uniqueType = () => `Contract${randomUUID().replace(/-/g, '').slice(0, 12)}`;

    it('appends to a new stream and reads the events back with their metadata', async () => {
      const stream = newStream();
      const m = meta({ causationId: randomUUID(), actor: { id: 'u1', role: 'parent' } });
      const e = event('ContractHappened', { n: 1, nested: { list: [1, 2] } }, m);
      const result = await store.append(stream, [e], 'no_stream');
      expect(result.nextExpectedRevision).toBe(0);
      const [read] = await store.readStream(stream);
      expect(read).toMatchObject({ eventId: e.eventId, type: 'ContractHappened', streamId: stream, streamPosition: 0 });
      expect(read.data).toEqual({ n: 1, nested: { list: [1, 2] } });
      expect(read.metadata).toEqual(m);
      expect(read.position).toBe(result.position);
      expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
    });

    it('refuses no_stream when the stream exists, with a typed conflict naming the actual revision', async () => {
      const stream = newStream();
      await store.append(stream, [event('A'), event('B')], 'no_stream');
      const err = await store.append(stream, [event('C')], 'no_stream').catch((e) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err.actual).toBe(1);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('appends at an exact revision and refuses a stale one', async () => {
      const stream = newStream();
      await store.append(stream, [event('A')], 'no_stream');
      await store.append(stream, [event('B')], 0);
      const err = await store.append(stream, [event('C')], 0).catch((e) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err.expected).toBe(0);
      expect(err.actual).toBe(1);
      const missing = await store.append(newStream(), [event('D')], 3).catch((e) => e);
      expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
      expect(missing.actual).toBe('no_stream');
    });

    it('appends with any whatever the revision', async () => {
      const stream = newStream();
      expect((await store.append(stream, [event('A')], 'any')).nextExpectedRevision).toBe(0);
      expect((await store.append(stream, [event('B'), event('C')], 'any')).nextExpectedRevision).toBe(2);
    });

    it('lands all events of one append or none', async () => {
      const stream = newStream();
      await store.append(stream, [event('A')], 'no_stream');
      await expect(store.append(stream, [event('B'), event('C'), event('D')], 5)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const read = await store.readStream(stream);
      expect(read.map((e) => e.type)).toEqual(['A']);
    });

    it('does not duplicate events when the same append is retried', async () => {
      const stream = newStream();
      const batch = [event('A'), event('B')];
      const first = await store.append(stream, batch, 'no_stream');
      const again = await store.append(stream, batch, 'no_stream');
      expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
      await store.append(stream, [event('C')], 1);
      await store.append(stream, batch, 'any');
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('reads a stream forwards and backwards, from a position, with a limit', async () => {
      const stream = newStream();
      await store.append(
        stream,
        ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => event(t)),
        'no_stream',
      );
      const types = async (o: Parameters<EventStore['readStream']>[1]) =>
        (await store.readStream(stream, o)).map((e) => e.type);
      expect(await types({})).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      expect(await types({ from: 2 })).toEqual(['E2', 'E3', 'E4']);
      expect(await types({ from: 1, limit: 2 })).toEqual(['E1', 'E2']);
      expect(await types({ direction: 'backwards' })).toEqual(['E4', 'E3', 'E2', 'E1', 'E0']);
      expect(await types({ direction: 'backwards', from: 3, limit: 2 })).toEqual(['E3', 'E2']);
      expect(await store.readStream(newStream())).toEqual([]);
    });

    it('reads the global log in one total order, after a position, filtered by type', async () => {
      const t1 = uniqueType();
      const t2 = uniqueType();
      const s1 = newStream();
      const s2 = newStream();
      await store.append(s1, [event(t1, { i: 1 }), event(t2, { i: 2 })], 'no_stream');
      await store.append(s2, [event(t1, { i: 3 })], 'no_stream');
      await store.append(s1, [event(t1, { i: 4 })], 1);
      const all = await readAllUntil({ types: [t1, t2] }, 4);
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual([1, 2, 3, 4]);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      expect((await readAllUntil({ types: [t1] }, 3)).map((e) => (e.data as { i: number }).i)).toEqual([1, 3, 4]);
      const afterSecond = await readAllUntil({ after: positions[1], types: [t1, t2] }, 2);
      expect(afterSecond.map((e) => (e.data as { i: number }).i)).toEqual([3, 4]);
      expect((await readAllUntil({ types: [t1, t2], limit: 2 }, 2)).length).toBe(2);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[3]);
      expect(await store.headPosition([t2])).toBe(positions[1]);
    });

    it('upcasts old event versions on read', async () => {
      const stream = newStream();
      await store.append(
        stream,
        [event('ContractRenamed', { name: 'Ada Lovelace' }, meta({ schemaVersion: 1 }))],
        'no_stream',
      );
      const [read] = await store.readStream(stream);
      expect(read.data).toEqual({ fullName: 'Ada Lovelace' });
      expect(read.metadata.schemaVersion).toBe(2);
    });

    it('reads events exactly as stored when asked not to upcast', async () => {
      const stream = newStream();
      await store.append(
        stream,
        [event('ContractRenamed', { name: 'Ada Lovelace' }, meta({ schemaVersion: 1 }))],
        'no_stream',
      );
      const [raw] = await store.readStream(stream, { upcast: false });
      expect(raw.data).toEqual({ name: 'Ada Lovelace' });
      expect(raw.metadata.schemaVersion).toBe(1);
      const [fromLog] = await readAllUntil({ streamId: stream, upcast: false }, 1);
      expect(fromLog.data).toEqual({ name: 'Ada Lovelace' });
    });

    it('chains each event to the previous one of its stream by a hash over the event as stored', async () => {
      const stream = newStream();
      await store.append(stream, [event('Chained', { n: 1, text: 'é “x”', big: 1e21, small: 1.5e-7 })], 'no_stream');
      await store.append(
        stream,
        [event('Chained', { n: 2 }), event('Chained', { n: 3, nested: { b: [true, null], a: 'z' } })],
        0,
      );
      await store.append(stream, [event('Chained', { n: 4 })], 'any');
      const events = await store.readStream(stream, { asStored: true });
      let prev: string | null = null;
      for (const e of events) {
        expect(e.prevHash).toBe(prev);
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(eventHash(e, prev)).toBe(e.hash);
        prev = e.hash!;
      }
      expect(new Set(events.map((e) => e.hash)).size).toBe(4);
    });

    it('filters the global log by stream, correlation id, actor and time of occurrence', async () => {
      const type = uniqueType();
      const correlationId = randomUUID();
      const actor = { id: `actor-${randomUUID()}`, role: 'teacher' as const };
      const s1 = newStream();
      const s2 = newStream();
      await store.append(s1, [event(type, { i: 1 }, meta({ occurredAt: '2026-11-01T10:00:00.000Z' }))], 'no_stream');
      await store.append(
        s2,
        [event(type, { i: 2 }, meta({ correlationId, actor, occurredAt: '2026-11-02T10:00:00.000Z' }))],
        'no_stream',
      );
      await store.append(
        s1,
        [event(type, { i: 3 }, meta({ correlationId, occurredAt: '2026-11-03T10:00:00.000Z' }))],
        0,
      );
      await readAllUntil({ types: [type] }, 3);
      const ids = async (o: Parameters<EventStore['readAll']>[0]) =>
        (await store.readAll({ types: [type], ...o })).map((e) => (e.data as { i: number }).i);
      expect(await ids({ streamId: s1 })).toEqual([1, 3]);
      expect(await ids({ correlationId })).toEqual([2, 3]);
      expect(await ids({ actorId: actor.id })).toEqual([2]);
      expect(await ids({ occurredFrom: '2026-11-02T10:00:00.000Z' })).toEqual([2, 3]);
      expect(await ids({ occurredBefore: '2026-11-02T10:00:00.000Z' })).toEqual([1]);
      expect(
        await ids({ occurredFrom: '2026-11-01T12:00:00.000Z', occurredBefore: '2026-11-03T00:00:00.000Z' }),
      ).toEqual([2]);
      expect(await ids({ streamId: s1, correlationId, limit: 5 })).toEqual([3]);
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      const stream = newStream();
      await store.append(stream, [event('Start')], 'no_stream');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.append(stream, [event(`Racer${i}`)], 0)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost.every((r) => r.reason instanceof WrongExpectedRevisionError)).toBe(true);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('takes many concurrent deliveries of one append as one append', async () => {
      for (let round = 0; round < 20; round++) {
        const stream = newStream();
        await store.append(stream, [event('Start')], 'no_stream');
        const same = [event('Redelivered')];
        const results = await Promise.all(Array.from({ length: 6 }, () => store.append(stream, same, 0)));
        expect(results.filter((r) => r.written)).toHaveLength(1);
        expect(new Set(results.map((r) => r.nextExpectedRevision))).toEqual(new Set([1]));
        expect(await store.readStream(stream)).toHaveLength(2);
      }
    });

    it('calls onAppended listeners after an append', async () => {
      let calls = 0;
      const off = store.onAppended(() => calls++);
      await store.append(newStream(), [event('Ping')], 'no_stream');
      const deadline = Date.now() + 3000;
      while (calls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      off();
      expect(calls).toBeGreaterThan(0);
    });
  });
}
