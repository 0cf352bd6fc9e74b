import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { InvalidAppendError, NewEvent } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { DEFAULT_STREAM_PREFIX } from '../../src/event-store/eventstoredb/esdb-mapping';
import { startEsdbStandIn } from '../support/esdb-stand-in';
import { esdbTargetName, useEsdbTarget } from '../support/esdb-stand-in/jest';

/** What the EventStoreDB adapter must get right beyond the shared contract. */
const target = useEsdbTarget();
const onStandIn = process.env.EVENTSTORE_CONNECTION_STRING ? it.skip : it;

const event = (type: string, data: unknown = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 't', role: 'system' },
    occurredAt: '2026-12-05T10:00:00.000Z',
    schemaVersion: 1,
  },
});
const newStream = () => `esdb-${randomUUID()}`;

describe(`EventStoreDB adapter specifics (${esdbTargetName})`, () => {
  let store: EventStoreDbEventStore;
  beforeAll(async () => {
    store = new EventStoreDbEventStore(target().connectionString);
  });
  afterAll(() => store.close());

  it("does not append again a batch retried with 'any' that is already in the stream, behind later events", async () => {
    const stream = newStream();
    const batch = [event('A'), event('B')];
    await store.append(stream, batch, 'no_stream');
    await store.append(stream, [event('C')], 1);
    const again = await store.append(stream, batch, 'any');
    expect(again).toMatchObject({ written: false, nextExpectedRevision: 2 });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });

  it('refuses a malformed append by rejecting, and one reusing an id stored with other events of the stream', async () => {
    const attempt = store.append(newStream(), [], 'no_stream');
    await expect(attempt).rejects.toBeInstanceOf(InvalidAppendError);
    const stream = newStream();
    const [a, b] = [event('A'), event('B')];
    await store.append(stream, [a, b], 'no_stream');
    await expect(store.append(stream, [a, event('C')], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('reports written for exactly one of several concurrent deliveries of one append', async () => {
    const stream = newStream();
    await store.append(stream, [event('Start')], 'no_stream');
    const same = [event('Once'), event('Twice')];
    const results = await Promise.all(Array.from({ length: 6 }, () => store.append(stream, same, 0)));
    expect(results.filter((r) => r.written)).toHaveLength(1);
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Start', 'Once', 'Twice']);
  });

  it('reads a stream longer than 10,000 events whole, forwards and backwards', async () => {
    const stream = newStream();
    const total = 10_050;
    const standIn = target().standIn;
    if (standIn) {
      // Written straight into the stand-in's log: the reads are what is tested, and quickly.
      const json = (v: unknown) => Buffer.from(JSON.stringify(v));
      const events = Array.from({ length: total }, (_, i) => ({
        id: randomUUID(),
        type: 'Tick',
        contentType: 'application/json',
        data: json({ i }),
        metadata: json(event('Tick').metadata),
      }));
      expect(standIn.log.append(`${DEFAULT_STREAM_PREFIX}${stream}`, { kind: 'no_stream' }, events).kind).toBe(
        'written',
      );
    } else {
      for (let written = 0; written < total; written += 1000) {
        const batch = Array.from({ length: Math.min(1000, total - written) }, (_, i) =>
          event('Tick', { i: written + i }),
        );
        await store.append(stream, batch, written === 0 ? 'no_stream' : written - 1);
      }
    }
    const all = await store.readStream(stream);
    expect(all).toHaveLength(total);
    expect(all.every((e, i) => e.streamPosition === i)).toBe(true);
    // Backwards across a page boundary, down to the first event.
    const backwards = await store.readStream(stream, { direction: 'backwards', from: 1_500 });
    expect(backwards.map((e) => e.streamPosition)).toEqual(Array.from({ length: 1_501 }, (_, i) => 1_500 - i));
  }, 120_000);

  it('reads only its own events from a shared server: others are filtered out, their types too', async () => {
    const other = EventStoreDBClient.connectionString(target().connectionString);
    const type = `Shared${randomUUID().slice(0, 8)}`;
    const before = await store.headPosition();
    const ours = await store.append(newStream(), [event(type, { ours: true })], 'no_stream');
    // Another application on the same server: its own streams, no hashes, one of our type names.
    await other.appendToStream(`orders-${randomUUID()}`, [
      jsonEvent({ type: 'OrderPlaced', data: { n: 1 } }),
      jsonEvent({ type, data: { ours: false } }),
    ]);
    await other.dispose();

    const all = await store.readAll({ after: before });
    expect(all.map((e) => e.eventId)).toEqual([(await store.readAll({ after: before, types: [type] }))[0].eventId]);
    expect(all.every((e) => typeof e.hash === 'string')).toBe(true);
    expect((await store.readAll({ after: before, types: [type, 'OrderPlaced'] })).map((e) => e.data)).toEqual([
      { ours: true },
    ]);
    expect(await store.headPosition()).toBe(ours.position);
    expect(await store.headPosition([type])).toBe(ours.position);
  });

  onStandIn('asks the server to filter: reading its events past many foreign ones transfers only its own', async () => {
    const standIn = target().standIn!;
    const other = EventStoreDBClient.connectionString(target().connectionString);
    const start = await store.headPosition();
    await other.appendToStream(
      `telemetry-${randomUUID()}`,
      Array.from({ length: 300 }, () => jsonEvent({ type: 'Ping', data: {} })),
    );
    await other.dispose();
    const mine = await store.append(newStream(), [event('Mine')], 'no_stream');
    const sentBefore = standIn.log.eventsSent;
    expect((await store.readAll({ after: start })).map((e) => e.type)).toEqual(['Mine']);
    expect(await store.headPosition(['Mine'])).toBe(mine.position);
    expect(standIn.log.eventsSent - sentBefore).toBeLessThanOrEqual(3);
  });

  onStandIn(
    'starts on an empty log: head 0, nothing to read, then its first event (at $all position 0) is read after 0',
    async () => {
      const empty = await startEsdbStandIn();
      const fresh = new EventStoreDbEventStore(empty.connectionString);
      try {
        expect(await fresh.headPosition()).toBe(0);
        expect(await fresh.readAll()).toEqual([]);
        await fresh.ping();
        const first = await fresh.append(newStream(), [event('First')], 'no_stream');
        expect(empty.log.records[0].position).toBe(0);
        expect(first.position).toBeGreaterThan(0);
        expect((await fresh.readAll({ after: 0 })).map((e) => e.type)).toEqual(['First']);
        expect(await fresh.readAll({ after: first.position })).toEqual([]);
        expect(await fresh.headPosition()).toBe(first.position);
      } finally {
        await fresh.close();
        await empty.stop();
      }
    },
  );

  onStandIn("hears of other processes' appends again once the server is back: its subscription retries", async () => {
    const standIn = target().standIn!;
    const hints: (Record<string, number> | undefined)[] = [];
    const off = store.onAppended((hint) => hints.push(hint));
    const waitFor = async (what: string, check: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const elsewhere = async (type: string) => {
      const other = EventStoreDBClient.connectionString(target().connectionString);
      await other.appendToStream(`${DEFAULT_STREAM_PREFIX}${newStream()}`, [jsonEvent({ type, data: {} })]);
      await other.dispose();
    };
    try {
      await waitFor('the subscription', () => hints.length > 0); // confirmed: a wake-up without a hint
      await elsewhere('BeforeOutage');
      await waitFor('the first event', () => hints.some((h) => h?.BeforeOutage));
      await standIn.stop();
      await new Promise((r) => setTimeout(r, 300));
      await standIn.start();
      // Events appended before it has subscribed again reach readers by their reads (it wakes them
      // without a hint when it is back); from then on, events from elsewhere arrive again.
      const deadline = Date.now() + 15_000;
      while (!hints.some((h) => h?.AfterOutage)) {
        if (Date.now() > deadline) throw new Error('no event heard after the outage');
        await elsewhere('AfterOutage');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      off();
    }
  });
});
