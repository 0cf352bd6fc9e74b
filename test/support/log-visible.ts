import { EventStore } from '../../src/event-store/event-store.port';

/**
 * The global log shows an event once every transaction begun before it has finished anywhere
 * on the server (other test files share it): wait until everything appended so far is readable.
 */
export async function untilLogVisible(store: EventStore, timeoutMs = 15_000): Promise<void> {
  const head = await store.headPosition();
  const deadline = Date.now() + timeoutMs;
  while (head > 0 && (await store.readAll({ after: head - 1, limit: 1 })).length === 0) {
    if (Date.now() > deadline) throw new Error(`the log did not become readable up to ${head}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
