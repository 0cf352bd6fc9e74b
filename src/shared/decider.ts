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
  /**
   * Optional: the same as `evolve` event by event, in time linear in the events (a state that
   * `evolve` copies whole at each event folds in time that grows with the square of its length).
   * Leaves `state` as it is.
   */
  evolveAll?(state: S, events: readonly E[]): S;
}

/** `events` folded onto `state` by the decider (its evolveAll when it has one). */
export function foldOnto<S, E extends DomainEvent>(
  decider: Pick<Decider<never, S, E>, 'evolve' | 'evolveAll'>,
  state: S,
  events: readonly E[],
): S {
  if (events.length === 0) return state;
  return decider.evolveAll ? decider.evolveAll(state, events) : events.reduce((s, e) => decider.evolve(s, e), state);
}

/** Ends an exhaustive switch: a missing case is a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
