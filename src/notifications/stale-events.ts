import { RecordedEvent } from '../event-store/event-store.port';

/** How old an event may be and still be worth an email when a reactor first meets it. */
export const EMAIL_STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * True for an event too old to email about: a subscription replaying history (a reactor that
 * starts from the beginning of the log, a rebuild) must not send yesterday's news again.
 */
export const tooOldToEmail = (event: RecordedEvent, now: Date): boolean =>
  now.getTime() - Date.parse(event.metadata.occurredAt) > EMAIL_STALE_AFTER_MS;
