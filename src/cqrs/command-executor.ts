import { Inject, Injectable, Logger } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { deriveId } from '../shared/ids';
import { Decider, DomainEvent, foldOnto } from '../shared/decider';
import {
  EVENT_STORE,
  EventStore,
  NewEvent,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';
import { CURRENT_SCHEMA_VERSION } from '../event-store/schema-versions';
import { isCounted, Metrics } from '../operations/metrics';
import { CommandContext } from './command-context';

export interface ExecutionResult<E extends DomainEvent> {
  /** events this command appended ([] when it changed nothing) */
  events: E[];
  /** global position of the last event appended (or of the stream's head when nothing was appended) */
  position: number;
  revision: number;
  /** true when this very command had been applied before (a retry or redelivery) */
  alreadyApplied?: boolean;
  /**
   * The command's events as stored, for a follow-up inside the request (WorkflowSaga.runNow()):
   * the one event this append stored, or those found when the command had been applied before.
   * Absent otherwise (several events appended at once, whose positions the append does not give).
   */
  stored?: RecordedEvent[];
}

const MAX_ATTEMPTS = 10;
/** how long, and for how many streams, a stream read by a check is kept for the command that follows it */
const RECENT_READ_MS = 1_000;
const RECENT_READS = 1_000;
/**
 * How long a stream's beginning, once read whole, stands for that beginning: completed by the
 * event that triggers the next step, or by reading only what was stored after it. Then it is
 * read whole again, and dropped from memory within SWEEP_MS (a forgotten family's values are not
 * kept in the clear beyond this).
 */
const KNOWN_PREFIX_MS = 30_000;
const SWEEP_MS = 5_000;

/** What was folded of a stream's beginning: by which decider, how many events, into what. */
interface Folded {
  evolve: (state: unknown, event: never) => unknown;
  count: number;
  state: unknown;
}

/** A stream's beginning this process knows (see CommandExecutor.prefixes). */
interface KnownBeginning {
  events: readonly RecordedEvent[];
  at: number;
  since: number;
  folded?: Folded;
}

/** Whether the shorter of two reads of a stream (each from its first event) is the other's beginning. */
function sameBeginning(a: readonly RecordedEvent[], b: readonly RecordedEvent[]): boolean {
  const n = Math.min(a.length, b.length);
  return n === 0 || a[n - 1].eventId === b[n - 1].eventId;
}

/** A stream as read at some moment. */
export interface StreamHistory {
  streamId: string;
  events: readonly RecordedEvent[];
  /** not read: taken to be empty (see newStream) */
  assumed?: true;
}

/**
 * A stream its command is to begin, whose id derives from the command (an enrollment's, a
 * student's, a lesson's): decided on as empty without reading it first. Should it exist after all
 * (a redelivered command, a stream begun meanwhile), the append's expected revision (no stream)
 * fails, or finds the same events stored, and the command is decided again on the stream as read.
 */
export function newStream(streamId: string): StreamHistory {
  return { streamId, events: [], assumed: true };
}

/**
 * The thin part of every command handler: read the stream, fold, decide, append with the
 * expected revision; on a concurrent write, try again with the new state.
 */
@Injectable()
export class CommandExecutor {
  private readonly logger = new Logger(CommandExecutor.name);
  private readonly latency: Histogram<'command' | 'outcome'>;
  /**
   * Streams as a check just read them (load(), history()), each kept for the next command on the
   * same stream: a workflow step that checks its enrollment and then decides on it reads the
   * stream once, not twice. Only a command uses it, and its append carries the expected revision
   * of what it decided on, so a stream changed meanwhile fails the append and is read again.
   */
  private readonly recent = new Map<string, { events: readonly RecordedEvent[]; at: number }>();
  /**
   * Each stream's beginning as this process last read or decided on it, and since when it stands
   * (`since`: when its first events were read whole). Events once stored never change, so that
   * beginning followed by an event of the stream that came after it is the stream up to that
   * event: a workflow step triggered by the event the step before appended gets its stream
   * without reading it (see history()'s `through`); and a stream read again is that beginning
   * and what was stored after it (a teacher's calendar, a lesson at a time: see read()).
   */
  private readonly prefixes = new Map<string, KnownBeginning>();
  /** called with each event a command of this process stored alone in its append (see onStored()) */
  private readonly stored = new Set<(event: RecordedEvent) => void>();
  /** drops what is past its time (see sweepSoon) */
  private sweeper?: NodeJS.Timeout;
  /** per stream, the end of the last command queued on it in this process */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {
    this.latency = metrics.commandLatency;
  }

  async execute<C extends { type: string }, S, E extends DomainEvent>(
    streamId: string,
    decider: Decider<C, S, E>,
    command: C,
    ctx: CommandContext,
    /** the stream as just read by the caller (see history()): saves reading it again; a stale one only costs a retry */
    known?: StreamHistory,
  ): Promise<ExecutionResult<E>> {
    const stop = isCounted(command.type) ? this.latency.startTimer({ command: command.type }) : (_labels?: object) => 0;
    try {
      const result = await this.oneAtATime(streamId, () => this.run(streamId, decider, command, ctx, known));
      stop({ outcome: 'ok' });
      return result;
    } catch (err) {
      stop({ outcome: 'refused' });
      throw err;
    }
  }

  /**
   * Calls back with each event a command of this process has just stored, committed, when it was
   * the only event of its append (its global position is then the append's): a saga of this
   * process can take its run's next event at once instead of through a read of the log
   * (SagaScheduler.offer()). The event is as the command decided it, stamped with this process's
   * clock. Returns the way to stop.
   */
  onStored(listener: (event: RecordedEvent) => void): () => void {
    this.stored.add(listener);
    return () => this.stored.delete(listener);
  }

  /**
   * Commands of this process on one stream run one after the other (read, decide, append): when
   * several workflow runs write to one family's account at once, each decides on the stream as
   * the one before left it, instead of all reading the same revision, all but one failing the
   * append, and trying again after a pause. Other processes' writes are still caught by the
   * expected revision. Nothing inside run() waits for another command, so the queue cannot deadlock.
   */
  private oneAtATime<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(streamId);
    const result = before ? before.then(work) : work();
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, done);
    void done.then(() => {
      if (this.queues.get(streamId) === done) this.queues.delete(streamId);
    });
    return result;
  }

  /** The current state of a stream, folded: for checks that span aggregates before a command. */
  async load<S, E extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveAll'>,
    /** an event of this stream that the state is to include at least (see history()) */
    through?: RecordedEvent,
  ): Promise<S> {
    return (await this.history(streamId, decider, through)).state;
  }

  /**
   * The stream's events and their fold: a check, then a command on the same stream without reading it twice.
   * `through`: an event of this stream (the one that triggered a workflow step): when this process
   * knows the stream's beginning up to just before it, the stream is that beginning and the event,
   * not read again. It is then the stream as it was when that event was stored, at least: what a
   * read just after the event would give; a command deciding on it still appends with the expected
   * revision, so anything stored since fails the append and the stream is read again.
   */
  async history<S, E extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveAll'>,
    through?: RecordedEvent,
  ): Promise<StreamHistory & { state: S }> {
    const known = through && this.knownThrough(streamId, through);
    const { events, whole } = known ? { events: known, whole: false } : await this.read(streamId);
    this.rememberRecent(streamId, events);
    this.rememberBeginning(streamId, events, whole);
    return { streamId, events, state: this.fold(streamId, decider, events) };
  }

  /** The stream up to `event` (of that stream) from its known beginning; undefined when not known. */
  private knownThrough(streamId: string, event: RecordedEvent): readonly RecordedEvent[] | undefined {
    const events = this.knownBeginning(streamId);
    if (!events || event.streamId !== streamId) return undefined;
    const at = event.streamPosition;
    if (events.length > at) return events[at].eventId === event.eventId ? events : undefined;
    return events.length === at ? [...events, event] : undefined;
  }

  /** The stream's beginning as this process knows it (every position from the first on, with no gap). */
  private knownBeginning(streamId: string): readonly RecordedEvent[] | undefined {
    const known = this.prefixes.get(streamId);
    if (!known || performance.now() - known.since > KNOWN_PREFIX_MS) return undefined;
    const events = known.events;
    if (events.length > 0 && events[events.length - 1].streamPosition !== events.length - 1) return undefined;
    return events;
  }

  /**
   * The stream as stored now: its known beginning and only what was stored after it, when this
   * process knows its beginning; else all of it.
   */
  private async read(streamId: string): Promise<{ events: readonly RecordedEvent[]; whole: boolean }> {
    const known = this.knownBeginning(streamId);
    if (known?.length) {
      const rest = await this.store.readStream(streamId, { from: known.length });
      if (rest.length === 0) return { events: known, whole: false };
      // (a stream that does not go on from there is not the one known: read whole)
      if (rest[0].streamPosition === known.length) return { events: [...known, ...rest], whole: false };
    }
    return { events: await this.store.readStream(streamId), whole: true };
  }

  /**
   * The stream's events folded (deciders are pure: a state once folded is never changed): from
   * the state this process last folded of its beginning, when that beginning is still the one
   * known (see remember), and the events after it; else from the start. A calendar's fold copies
   * its bookings at every event, so folding it whole at every booking grew with the square of its
   * length.
   */
  private fold<S, E extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve' | 'evolveAll'>,
    events: readonly RecordedEvent[],
  ): S {
    const known = this.prefixes.get(streamId);
    const kept = known?.events === events ? known.folded : undefined;
    const from = kept?.evolve === decider.evolve ? kept : undefined;
    const start = from ? (from.state as S) : decider.initialState();
    const state = foldOnto(decider, start, (from ? events.slice(from.count) : events) as unknown as E[]);
    if (known?.events === events && events.length > 0)
      known.folded = { evolve: decider.evolve as Folded['evolve'], count: events.length, state };
    return state;
  }

  /** Keeps what a check just read for the command that follows it (see `recent`). */
  private rememberRecent(streamId: string, events: readonly RecordedEvent[]): void {
    this.recent.delete(streamId);
    this.recent.set(streamId, { events, at: performance.now() });
    if (this.recent.size > RECENT_READS) this.recent.delete(this.recent.keys().next().value!);
    this.sweepSoon();
  }

  /**
   * Keeps a stream's beginning: one read whole just now (or none at all: a stream taken to be
   * new) stands from now; one that goes on from the beginning known, or lies within it, stands
   * since that one did (and a shorter one leaves the longer known); any other (its age unknown: a
   * caller's older read) is not kept.
   */
  private rememberBeginning(streamId: string, events: readonly RecordedEvent[], whole: boolean): void {
    const before = this.prefixes.get(streamId);
    const now = performance.now();
    let kept: KnownBeginning | undefined;
    if (before && now - before.since <= KNOWN_PREFIX_MS && sameBeginning(before.events, events) && !whole)
      kept =
        events.length >= before.events.length
          ? { events, at: now, since: before.since, ...(before.folded ? { folded: before.folded } : {}) }
          : { ...before, at: now };
    // (a stream taken to be new is the beginning of any stream, and holds no values)
    else if (whole || events.length === 0) kept = { events, at: now, since: now };
    this.prefixes.delete(streamId);
    if (!kept) return;
    this.prefixes.set(streamId, kept);
    if (this.prefixes.size > RECENT_READS) this.prefixes.delete(this.prefixes.keys().next().value!);
    this.sweepSoon();
  }

  /** Drops, every few seconds, the beginnings and reads past their time, while any is kept. */
  private sweepSoon(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [streamId, known] of this.prefixes)
      if (now - known.since > KNOWN_PREFIX_MS) this.prefixes.delete(streamId);
    for (const [streamId, read] of this.recent) if (now - read.at > RECENT_READ_MS) this.recent.delete(streamId);
    if (this.prefixes.size === 0 && this.recent.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private async run<C extends { type: string }, S, E extends DomainEvent>(
    streamId: string,
    decider: Decider<C, S, E>,
    command: C,
    ctx: CommandContext,
    known?: StreamHistory,
  ): Promise<ExecutionResult<E>> {
    const recent = this.recent.get(streamId);
    this.recent.delete(streamId);
    const first =
      known?.streamId === streamId
        ? known.events
        : recent && performance.now() - recent.at < RECENT_READ_MS
          ? recent.events
          : undefined;
    for (let attempt = 1; ; attempt++) {
      const { events: history, whole } =
        attempt === 1 && first ? { events: first, whole: false } : await this.read(streamId);
      this.rememberBeginning(streamId, history, whole);
      const last = history[history.length - 1];
      // A command already applied (a retry, a redelivery) is acknowledged without deciding again.
      const firstId = deriveId('event', ctx.commandId, '0');
      const applied = history.find((e) => e.eventId === firstId);
      if (applied) {
        // its events follow one another from the first, their ids derived from the command's
        const from = history.indexOf(applied);
        const stored = history.slice(from).filter((e, i) => e.eventId === deriveId('event', ctx.commandId, String(i)));
        return { events: [], position: applied.position, revision: last.streamPosition, alreadyApplied: true, stored };
      }
      const state = this.fold(streamId, decider, history);
      // A stream kept from an earlier read (a check, a caller's read) may be older than a write made
      // since; an append would notice, a refusal or a no-op would not: those are decided again on
      // the stream as it now is.
      const kept = attempt === 1 && first !== undefined;
      let decided: E[];
      try {
        decided = decider.decide(command, state);
      } catch (err) {
        if (kept) continue;
        throw err;
      }
      if (decided.length === 0) {
        if (kept) continue;
        return { events: [], position: last?.position ?? 0, revision: last?.streamPosition ?? -1 };
      }
      try {
        const newEvents = toNewEvents(decided, ctx);
        const appended = await this.store.append(streamId, newEvents, last ? last.streamPosition : 'no_stream');
        const alone: RecordedEvent | undefined =
          appended.written && newEvents.length === 1
            ? {
                ...newEvents[0],
                streamId,
                streamPosition: appended.nextExpectedRevision,
                position: appended.position,
                recordedAt: new Date().toISOString(),
              }
            : undefined;
        if (alone) for (const listener of this.stored) listener(alone);
        // Stored before, after the stream was read for a check (or taken to be new): acknowledged
        // as a retry, on the stream as it is.
        if (!appended.written && attempt === 1 && first && (!known || known.assumed)) continue;
        if (appended.written)
          for (const e of decided) if (isCounted(e.type)) this.metrics.eventsAppended.inc({ type: e.type });
        return {
          events: decided,
          position: appended.position,
          revision: appended.nextExpectedRevision,
          ...(alone ? { stored: [alone] } : {}),
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw err;
        this.logger.debug(`concurrent write on ${streamId}, attempt ${attempt + 1}`);
        // A stream read earlier and changed since: read it again at once. A write that raced ours: back off.
        if (!(attempt === 1 && first)) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }
}

/** Event ids derive from the command id, so a redelivered command appends the same ids (a no-op). */
export function toNewEvents(events: readonly DomainEvent[], ctx: CommandContext): NewEvent[] {
  return events.map((e, i) => ({
    eventId: deriveId('event', ctx.commandId, String(i)),
    type: e.type,
    data: e.data,
    metadata: {
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      actor: ctx.actor,
      occurredAt: ctx.issuedAt,
      schemaVersion: CURRENT_SCHEMA_VERSION[e.type] ?? 1,
    },
  }));
}
