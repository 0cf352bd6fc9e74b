import { createHash } from 'node:crypto';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { storedEvent } from '../event-store/stored-event';
import { PrivateStreamIds } from '../privacy/private-stream-ids';
import { EmailClaimed } from './user.events';
import { keepAtMost } from '../shared/kept-at-most';

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

/** How many addresses' legacy streams a reader remembers as absent (a keyed stream id each). */
const ABSENT_LEGACY_KEPT = 10_000;

/**
 * Reads an address's latest claim. Its legacy stream is read while it might exist: a legacy
 * stream found empty stays empty (no new address is claimed there), so after one read that found
 * none, only the keyed stream is read for that address (remembered by its keyed id, for the last
 * 10,000 addresses).
 */
export class LatestEmailClaims {
  private readonly absentLegacy = new Set<string>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly ids: PrivateStreamIds,
  ) {}

  /** The stream that holds the address's claims, and the latest claim in it (none: the keyed stream, to claim in). */
  async of(email: string) {
    const keyed = emailClaimStream(this.ids, email);
    // A claim stream holds only the claims the email-claim decider records.
    const claim = (e: RecordedEvent) => storedEvent<EmailClaimed>(['EmailClaimed'], e);
    if (this.absentLegacy.has(keyed)) {
      const [last] = await this.store.readStream(keyed, { direction: 'backwards', limit: 1 });
      return { stream: keyed, last: last && claim(last) };
    }
    const legacy = legacyEmailClaimStream(email);
    // Both at once: one round trip's wait, where the legacy stream came after the keyed one.
    const [[last], [old]] = await Promise.all([
      this.store.readStream(keyed, { direction: 'backwards', limit: 1 }),
      this.store.readStream(legacy, { direction: 'backwards', limit: 1 }),
    ]);
    if (!old) {
      this.absentLegacy.add(keyed);
      keepAtMost(this.absentLegacy, ABSENT_LEGACY_KEPT);
    }
    if (last) return { stream: keyed, last: claim(last) };
    return old ? { stream: legacy, last: claim(old) } : { stream: keyed, last: undefined };
  }
}
