import { createHash } from 'node:crypto';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { storedEvent } from '../event-store/stored-event';
import { PrivateStreamIds } from '../privacy/private-stream-ids';
import { EmailClaimed } from './user.events';

/**
 * One stream per email address makes "one account per email" hold on append: two concurrent
 * claims of one address cannot both succeed. Its id is a keyed hash of the address
 * (`email-k-…`), so the address alone does not find it.
 */
export const emailClaimStream = (ids: PrivateStreamIds, email: string) =>
  `email-k-${ids.hash('email', normaliseEmail(email))}`;

/**
 * The id addresses claimed before keyed ids existed still use: an unkeyed SHA-256 of the
 * address. Those streams stay where they are (the log is append-only); an address claimed
 * there keeps its claim there, and no new address is claimed there.
 */
export const legacyEmailClaimStream = (email: string) =>
  `email-${createHash('sha256').update(normaliseEmail(email)).digest('hex').slice(0, 40)}`;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The stream that holds an address's claims, and the latest claim in it (none: the keyed stream, to claim in). */
export async function latestEmailClaim(store: Pick<EventStore, 'readStream'>, ids: PrivateStreamIds, email: string) {
  const keyed = emailClaimStream(ids, email);
  // A claim stream holds only the claims the email-claim decider records.
  const claim = (e: RecordedEvent) => storedEvent<EmailClaimed>(['EmailClaimed'], e);
  const legacy = legacyEmailClaimStream(email);
  // Both at once: one round trip's wait, where the legacy stream (read for every address not
  // claimed yet) came after the keyed one.
  const [[last], [old]] = await Promise.all([
    store.readStream(keyed, { direction: 'backwards', limit: 1 }),
    store.readStream(legacy, { direction: 'backwards', limit: 1 }),
  ]);
  if (last) return { stream: keyed, last: claim(last) };
  return old ? { stream: legacy, last: claim(old) } : { stream: keyed, last: undefined };
}
