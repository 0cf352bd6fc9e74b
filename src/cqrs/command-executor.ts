import { Inject, Injectable, Logger } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { deriveId } from '../shared/ids';
import { Decider, DomainEvent } from '../shared/decider';
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
import { KnownStreams } from './known-streams';

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
  /** what this process knows of the streams it read (see KnownStreams) */
  private readonly known: KnownStreams;
  /** called with each event a command of this process stored alone in its append (see onStored()) */
  private readonly stored = new Set<(event: RecordedEvent) => void>();
  /** per stream, the end of the last command queued on it in this process */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {
    this.latency = metrics.commandLatency;
    this.known = new KnownStreams(store);
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

  /**
   * Runs `work`, whose reads of streams (load(), history()) asked for before it first waits go
   * to the store together where it can (one statement): a step reading the streams it decides
   * on at once.
   */
  together<T>(work: () => Promise<T>): Promise<T> {
    return this.store.together(work);
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
    const upTo = through && this.known.through(streamId, through);
    const { events, whole } = upTo ? { events: upTo, whole: false } : await this.known.read(streamId);
    this.known.rememberRecent(streamId, events);
    this.known.rememberBeginning(streamId, events, whole);
    return { streamId, events, state: this.known.fold(streamId, decider, events) };
  }

  private async run<C extends { type: string }, S, E extends DomainEvent>(
    streamId: string,
    decider: Decider<C, S, E>,
    command: C,
    ctx: CommandContext,
    known?: StreamHistory,
  ): Promise<ExecutionResult<E>> {
    const recent = this.known.takeRecent(streamId);
    const first = known?.streamId === streamId ? known.events : recent;
    for (let attempt = 1; ; attempt++) {
      const { events: history, whole } =
        attempt === 1 && first ? { events: first, whole: false } : await this.known.read(streamId);
      this.known.rememberBeginning(streamId, history, whole);
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
      const state = this.known.fold(streamId, decider, history);
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
