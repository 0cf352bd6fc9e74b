/**
 * SQL that has the transaction it runs in commit without waiting for its WAL flush
 * (`synchronous_commit = off` for that transaction only), placed inside a statement so that it
 * costs no round trip of its own. What the transaction wrote is visible at once, and durable as
 * soon as the WAL reaches the disk: at the next commit on the server that waits for its flush (the
 * WAL is written in order, so that flush carries every record before it), or at the WAL writer's
 * next round, a fraction of a second later. A database crash before then loses it.
 *
 * Only where losing it so loses nothing anyone saw confirmed:
 * - a read model's batch, rows and checkpoint together: the runner applies the same events again
 *   from the log (Checkpoints.moveCommittingAsynchronously);
 * - a saga's checkpoint move: the saga handles the events since the stored checkpoint again,
 *   without effect (Checkpoints.sagaMoveOnPool);
 * - rows that an event's append follows on every path that relies on them (the append waits for
 *   its flush, which carries them), and that are written again under the same key when that append
 *   never commits (the command or the workflow step runs again).
 */
export const COMMIT_WITHOUT_FLUSH_WAIT = "set_config('synchronous_commit', 'off', true)";
