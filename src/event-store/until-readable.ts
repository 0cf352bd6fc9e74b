import { EventStore } from './event-store.port';

/**
 * Waits until the global log is readable up to `head` (of these types): an event shows in the log
 * once every transaction begun before it has finished, anywhere on the server. True when it is,
 * false when `timeoutMs` passed (or `signal` aborted) first.
 */
export async function untilReadable(
  store: EventStore,
  head: number,
  options: { types?: readonly string[]; timeoutMs: number; signal?: AbortSignal },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (head > 0) {
    if ((await store.readAll({ after: head - 1, limit: 1, types: options.types })).length > 0) return true;
    if (Date.now() > deadline || options.signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
