import { createHash } from 'node:crypto';
import { Client, QueryConfig } from 'pg';

/**
 * Named (prepared) statements. An unnamed statement is parsed and planned by the server on every
 * call; for the short statements of the event store and the workflows that took longer than
 * running them. A named statement is parsed once per connection, and its plan is kept when a
 * generic one is as good. The name derives from the text, so a text has one name everywhere.
 */
const names = new Map<string, string>();
/** Distinct texts named at most: a text built with its values in it must not fill the servers' memory. */
export const MAX_NAMED_STATEMENTS = 256;
const seen = new Map<string, number>();
const SEEN_KEPT = 4096;

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

/** The name for a parameterized text seen before (a statement the code runs repeatedly), while names last. */
function repeatedName(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined) return name;
  const times = (seen.get(text) ?? 0) + 1;
  if (times < 2 || names.size >= MAX_NAMED_STATEMENTS) {
    if (seen.size >= SEEN_KEPT) seen.clear();
    seen.set(text, times);
    return undefined;
  }
  seen.delete(text);
  return statementName(text);
}

type QueryArgs = [unknown, unknown?, unknown?];
const plainQuery = Client.prototype.query as (this: Client, ...args: QueryArgs) => unknown;

/**
 * A pg Client that runs each parameterized statement it has seen before as a named statement
 * (the pool's `Client` option). Statements without values, with a name already, and cursors or
 * streams go through unchanged.
 */
export class PreparingClient extends Client {}

PreparingClient.prototype.query = function (this: Client, ...[config, values, callback]: QueryArgs) {
  if (typeof config === 'string' && Array.isArray(values)) {
    const name = repeatedName(config);
    if (name !== undefined) return plainQuery.call(this, { name, text: config, values }, callback);
  } else if (
    config !== null &&
    typeof config === 'object' &&
    typeof (config as { submit?: unknown }).submit !== 'function' &&
    typeof (config as QueryConfig).text === 'string' &&
    (config as QueryConfig).name === undefined &&
    Array.isArray((config as QueryConfig).values ?? values)
  ) {
    const name = repeatedName((config as QueryConfig).text);
    if (name !== undefined) return plainQuery.call(this, { ...(config as QueryConfig), name }, values, callback);
  }
  return plainQuery.call(this, config, values, callback);
} as Client['query'];
