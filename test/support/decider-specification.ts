import { Decider, DomainEvent } from '../../src/shared/decider';
import { DomainError } from '../../src/shared/domain-error';

type ErrorClass = new (...args: never[]) => Error;

/**
 * Given events, when commands, then the events decided (or the error raised): the one way a
 * decider is specified. Time arrives on the command (`at`, `today`), as in production, so a spec
 * never reads a clock.
 *
 *   const { given } = DeciderSpecification.for(lessonDecider);
 *   given([scheduled]).when({ type: 'CancelLesson', …, at }).then([cancelled]);
 *   given([]).when(cancel).thenRefuses('LESSON_NOT_FOUND', 'not-found');
 *   expect(given([booked]).when(book).refusal('SLOT_TAKEN').details).toEqual(…);
 *   const { events, state } = given(history).when(decline(1), scheduleRetry(1, at));
 */
export class DeciderSpecification<C, S, E extends DomainEvent> {
  private constructor(private readonly decider: Decider<C, S, E>) {}

  static for<C, S, E extends DomainEvent>(decider: Decider<C, S, E>): DeciderSpecification<C, S, E> {
    return new DeciderSpecification(decider);
  }

  /** The state the given events leave. */
  readonly stateAfter = (events: readonly E[]): S => events.reduce(this.decider.evolve, this.decider.initialState());

  readonly given = (events: readonly E[] = []) => ({
    /** Each command is decided on the state the events before it left. */
    when: (...commands: C[]) => new DeciderOutcome(this.decider, events, commands),
  });
}

export class DeciderOutcome<C, S, E extends DomainEvent> {
  private result?: { events: E[]; state: S };

  constructor(
    private readonly decider: Decider<C, S, E>,
    private readonly history: readonly E[],
    private readonly commands: readonly C[],
  ) {}

  /** The events the commands decided, in order; throws what the decider throws. */
  get events(): E[] {
    return this.run().events;
  }

  /** The state after the given events and the decided ones. */
  get state(): S {
    return this.run().state;
  }

  then(expected: E[]): void {
    expect(this.events).toEqual(expected);
  }

  /** The decider throws, matching like jest's toThrow: a message part, a pattern or an error class. */
  thenThrows(expected?: string | RegExp | ErrorClass | Error): void {
    expect(() => this.events).toThrow(expected);
  }

  /** The decider refuses with this DomainError code (and kind, when given). */
  thenRefuses(code: string, kind?: DomainError['kind']): void {
    this.refusal(code, kind);
  }

  /** As thenRefuses, and the error, for what its details say. */
  refusal(code: string, kind?: DomainError['kind']): DomainError {
    let error: unknown;
    try {
      this.run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    if (kind) expect((error as DomainError).kind).toBe(kind);
    return error as DomainError;
  }

  private run(): { events: E[]; state: S } {
    if (!this.result) {
      const all = [...this.history];
      let state = this.history.reduce(this.decider.evolve, this.decider.initialState());
      for (const command of this.commands) {
        const decided = this.decider.decide(command, state);
        all.push(...decided);
        state = decided.reduce(this.decider.evolve, state);
      }
      this.result = { events: all.slice(this.history.length), state };
    }
    return this.result;
  }
}
