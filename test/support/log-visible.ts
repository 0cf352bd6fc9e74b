import { EventStore } from '../../src/event-store/event-store.port';
import { untilReadable } from '../../src/event-store/until-readable';

/**
 * The global log shows an event once every transaction begun before it has finished anywhere
 * on the server (other test files share it): wait until everything appended so far is readable.
 */
export async function untilLogVisible(store: EventStore, timeoutMs = 15_000): Promise<void> {
  const head = await store.headPosition();
  if (!(await untilReadable(store, head, { timeoutMs }))) {
    throw new Error(`the log did not become readable up to ${head}`);
  }
}
