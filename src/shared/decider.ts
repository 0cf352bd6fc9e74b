/**
 * A decider: the pure write-side model of one aggregate. No framework, no clock, no ids, no I/O:
 * time and ids arrive on the command.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface Decider<C, S, E extends DomainEvent> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export function fold<S, E>(evolve: (s: S, e: E) => S, initial: S, events: readonly E[]): S {
  return events.reduce(evolve, initial);
}

/** Ends an exhaustive switch: a missing case is a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
