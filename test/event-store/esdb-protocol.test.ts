import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { esdbTargetName, useEsdbTarget } from '../support/esdb-stand-in/jest';

/**
 * The protocol semantics the adapter relies on, through the client alone: on the stand-in in
 * every run, and on a real server when EVENTSTORE_CONNECTION_STRING names one (which checks the
 * stand-in against the real thing).
 */
const target = useEsdbTarget();

describe(`EventStoreDB protocol semantics (${esdbTargetName})`, () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = EventStoreDBClient.connectionString(target().connectionString);
  });
  afterAll(() => client.dispose());

  const stream = () => `protocol-${randomUUID()}`;
  const ev = (type = 'Fact') => jsonEvent({ id: randomUUID(), type, data: { type } });
  const types = async (name: string) => {
    const out: string[] = [];
    for await (const { event } of client.readStream(name, { fromRevision: START, direction: FORWARDS }))
      out.push(event!.type);
    return out;
  };

  it('acknowledges a batch already written right after the expected revision, and refuses a partial one', async () => {
    const s = stream();
    const [a, b, c] = [ev('A'), ev('B'), ev('C')];
    const first = await client.appendToStream(s, [a, b], { expectedRevision: NO_STREAM });
    expect(first.nextExpectedRevision).toBe(1n);
    await client.appendToStream(s, [c], { expectedRevision: 1n });
    expect((await client.appendToStream(s, [a, b], { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(1n);
    expect((await client.appendToStream(s, [b], { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
    await expect(client.appendToStream(s, [b, ev('X')], { expectedRevision: 0n })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect(await types(s)).toEqual(['A', 'B', 'C']);
  });

  it('with any, acknowledges a batch whose ids are already in the stream', async () => {
    const s = stream();
    const [a, b] = [ev('A'), ev('B')];
    await client.appendToStream(s, [a, b]);
    await client.appendToStream(s, [a, b]);
    expect(await types(s)).toEqual(['A', 'B']);
  });

  it('reports a wrong expected revision with the actual and expected ones', async () => {
    const s = stream();
    const exists = await client.appendToStream(stream(), [ev()], { expectedRevision: STREAM_EXISTS }).catch((e) => e);
    expect(exists).toBeInstanceOf(WrongExpectedVersionError);
    expect(exists.actualVersion).toBe('no_stream');
    await client.appendToStream(s, [ev(), ev()], { expectedRevision: NO_STREAM });
    const stale = await client.appendToStream(s, [ev()], { expectedRevision: 0n }).catch((e) => e);
    expect(stale).toBeInstanceOf(WrongExpectedVersionError);
    expect([stale.expectedVersion, stale.actualVersion]).toEqual([0n, 1n]);
    const again = await client.appendToStream(s, [ev()], { expectedRevision: NO_STREAM }).catch((e) => e);
    expect([again.expectedVersion, again.actualVersion]).toEqual(['no_stream', 1n]);
  });

  it('reads missing, soft-deleted and tombstoned streams as the server does', async () => {
    await expect(types(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
    const soft = stream();
    await client.appendToStream(soft, [ev('Old')]);
    await client.deleteStream(soft);
    await expect(types(soft)).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream(soft, [ev('New')]);
    const [recreated] = await collect(client.readStream(soft, { fromRevision: START, direction: FORWARDS }));
    expect([recreated.event!.type, recreated.event!.revision]).toEqual(['New', 1n]);
    const hard = stream();
    await client.appendToStream(hard, [ev()]);
    await client.tombstoneStream(hard);
    await expect(types(hard)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream(hard, [ev()])).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('reads $all backwards from the end, positions increasing, and stream reads carry them', async () => {
    const s = stream();
    await client.appendToStream(s, [ev('P1'), ev('P2')]);
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    const inStream = await collect(client.readStream(s, { fromRevision: START, direction: FORWARDS }));
    expect(inStream[1].event!.position).toEqual(last.event!.position);
    expect(inStream[0].event!.position!.commit < inStream[1].event!.position!.commit).toBe(true);
  });

  it('subscribes to $all with a stream-prefix filter: confirmation, matching events only, checkpoints, caught up, then live', async () => {
    const prefix = `sub${randomUUID().slice(0, 8)}-`;
    await client.appendToStream(`${prefix}1`, [ev('Before')]);
    await client.appendToStream(stream(), [ev('Elsewhere')]);
    const checkpoints: bigint[] = [];
    const sub = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({
        prefixes: [prefix],
        maxSearchWindow: 1,
        checkpointInterval: 1,
        checkpointReached: (_s, p) => void checkpoints.push(p.commit),
      }),
    });
    const seen: string[] = [];
    let caughtUp = false;
    sub.on('caughtUp', () => (caughtUp = true));
    sub.on('data', ({ event }) => seen.push(event!.type));
    const deadline = Date.now() + 10_000;
    while (!caughtUp && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await client.appendToStream(`${prefix}2`, [ev('Live')]);
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.unsubscribe();
    expect(seen).toEqual(['Before', 'Live']);
    expect(checkpoints.length).toBeGreaterThan(0);
  });
});

async function collect<E>(read: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of read) out.push(item);
  return out;
}
