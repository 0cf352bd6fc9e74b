import { systemMetadata } from '../../test/support/fixtures';
import { StreamsInMemory } from '../../test/support/streams-in-memory';
import { EventStore, NewEvent, ReadStreamOptions } from '../event-store/event-store.port';
import { PrivateStreamIds } from '../privacy/private-stream-ids';
import { emailClaimStream, LatestEmailClaims, legacyEmailClaimStream } from './email-claim-streams';

const ids = PrivateStreamIds.fromMasterKey(Buffer.alloc(32, 7));
const email = 'Ada@Example.com';
const metadata = systemMetadata('2026-11-09T12:00:00.000Z', 'claims');
const claimed = (eventId: string, userId: string): NewEvent => ({
  eventId,
  type: 'EmailClaimed',
  data: { email: 'ada@example.com', userId, ownerStream: `user-${userId}`, claimedAt: metadata.occurredAt },
  metadata,
});

describe("an address's latest claim", () => {
  let store: StreamsInMemory;
  let rounds: { streamId: string; round: number }[];
  let reading: Pick<EventStore, 'readStream'>;

  beforeEach(() => {
    store = new StreamsInMemory();
    rounds = [];
    let finished = 0;
    reading = {
      // (the latest claim is read backwards, one event: the last)
      readStream: async (streamId: string, options?: ReadStreamOptions) => {
        rounds.push({ streamId, round: finished });
        const all = await store.readStream(streamId);
        const events = options?.direction === 'backwards' ? all.reverse().slice(0, options.limit) : all;
        await new Promise((r) => setImmediate(r));
        finished++;
        return events;
      },
    };
  });

  it('none yet: the keyed stream, to claim in; both streams read in one round', async () => {
    expect(await new LatestEmailClaims(reading, ids).of(email)).toEqual({
      stream: emailClaimStream(ids, email),
      last: undefined,
    });
    expect(rounds).toEqual([
      { streamId: emailClaimStream(ids, email), round: 0 },
      { streamId: legacyEmailClaimStream(email), round: 0 },
    ]);
  });

  it('claimed before keyed ids: the legacy stream and its claim', async () => {
    await store.append(legacyEmailClaimStream(email), [claimed('old', 'u-old')], 'no_stream');
    const found = await new LatestEmailClaims(reading, ids).of(email);
    expect(found.stream).toBe(legacyEmailClaimStream(email));
    expect(found.last?.data.userId).toBe('u-old');
  });

  it('the latest claim in the keyed stream is the one that counts', async () => {
    await store.append(legacyEmailClaimStream(email), [claimed('old', 'u-old')], 'no_stream');
    await store.append(
      emailClaimStream(ids, email),
      [claimed('first', 'u-first'), claimed('new', 'u-new')],
      'no_stream',
    );
    const found = await new LatestEmailClaims(reading, ids).of(email);
    expect(found.stream).toBe(emailClaimStream(ids, email));
    expect(found.last?.data.userId).toBe('u-new');
  });

  it('a legacy stream found empty is not read again for that address; one that holds a claim is', async () => {
    const claims = new LatestEmailClaims(reading, ids);
    await claims.of(email);
    await claims.of(email);
    expect(rounds.map((r) => r.streamId)).toEqual([
      emailClaimStream(ids, email),
      legacyEmailClaimStream(email),
      emailClaimStream(ids, email),
    ]);

    const other = 'grace@example.com';
    await store.append(legacyEmailClaimStream(other), [claimed('older', 'u-older')], 'no_stream');
    rounds.length = 0;
    await claims.of(other);
    await store.append(legacyEmailClaimStream(other), [claimed('later', 'u-later')], 0);
    const found = await claims.of(other);
    expect(found.last?.data.userId).toBe('u-later');
    expect(rounds.filter((r) => r.streamId === legacyEmailClaimStream(other))).toHaveLength(2);
  });
});
