import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CommandContext } from '../../src/cqrs/command-context';
import { CommandExecutor } from '../../src/cqrs/command-executor';
import { migrate } from '../../src/database/orm.config';
import { ReadStreamOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { emailClaimStream, legacyEmailClaimStream } from '../../src/identity/email-claim-streams';
import { EmailClaims } from '../../src/identity/email-claims';
import { Metrics } from '../../src/operations/metrics';
import { PrivateStreamIds } from '../../src/privacy/private-stream-ids';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The streams a store was asked to read, in order. */
class CountingStore extends PostgresEventStore {
  reads: string[] = [];
  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads.push(streamId);
    return super.readStream(streamId, options);
  }
}

const ctx = (issuedAt = new Date().toISOString()): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { id: 'system', role: 'system' },
  issuedAt,
});

let database: TestDatabase;
let pool: Pool;
let store: CountingStore;
let claims: EmailClaims;
const ids = PrivateStreamIds.fromMasterKey(randomBytes(32));

beforeAll(async () => {
  database = await createTestDatabase('email_claims');
  await migrate(database.url);
  pool = new Pool({ connectionString: database.url, max: 4 });
  store = new CountingStore(pool);
  claims = new EmailClaims(store, new CommandExecutor(store, new Metrics()), ids);
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

it('an address no one claimed: its two streams are read once, the claim stored, nothing read again', async () => {
  const email = `${randomUUID()}@example.com`;
  const userId = randomUUID();
  store.reads = [];
  await claims.claim(email, userId, `user-${userId}`, ctx());
  expect(store.reads.sort()).toEqual([emailClaimStream(ids, email), legacyEmailClaimStream(email)].sort());
  expect(await claims.ownerOf(email)).toBe(userId);
});

it('a claim retried after another account took the address over is refused', async () => {
  const email = `${randomUUID()}@example.com`;
  const [first, second] = [randomUUID(), randomUUID()];
  const firstCommand = ctx('2026-12-01T10:00:00.000Z');
  await claims.claim(email, first, `user-${first}`, firstCommand);
  // The first account was never written; two minutes on, its claim has lapsed and is taken over.
  await claims.claim(email, second, `user-${second}`, ctx('2026-12-01T10:02:00.000Z'));
  await expect(claims.claim(email, first, `user-${first}`, firstCommand)).rejects.toMatchObject({
    code: 'EMAIL_TAKEN',
  });
  expect(await claims.ownerOf(email)).toBe(second);
});
