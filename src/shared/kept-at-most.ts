/**
 * Drops the oldest entries (in insertion order) of a map or set kept in memory until it holds at
 * most `most`: the bound of the caches a process keeps (values opened, streams known, ids seen).
 */
export function keepAtMost(kept: Map<unknown, unknown> | Set<unknown>, most: number): void {
  while (kept.size > most) kept.delete(kept.keys().next().value);
}
