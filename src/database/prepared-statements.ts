import { createHash } from 'node:crypto';
import { QueryConfig } from 'pg';

/**
 * Named (prepared) statements. An unnamed statement is parsed and planned by the server on every
 * call; for the short statements of the event store and the checkpoints that took longer than
 * running them. A named statement is parsed once per connection, and after a few calls its plan
 * is kept when a generic one looks as good: so only statements whose best plan does not depend
 * on their values are named (a stream read by stream id, an append, a checkpoint move by name).
 * A read of the log by type from a position is one whose values decide the index; it is named
 * only where the kept plan is cheap whatever they are (from near the log's end, see
 * PostgresEventStore.readAll). The name derives from the text, so a text has one name everywhere.
 */
const names = new Map<string, string>();

/** The statement name of a text: the same text, the same name, in every process. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ch_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** A statement to run as a named statement, whatever the pool. */
export function prepared(text: string, values: unknown[]): QueryConfig {
  return { name: statementName(text), text, values };
}
