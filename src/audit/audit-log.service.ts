import { Inject, Injectable } from '@nestjs/common';
import { CursorPart, decodeCursor, encodeCursor } from '../../projections/paging';
import { ChainVerifier, VerifyReport } from '../event-store/chain-verifier';
import { EVENT_STORE, EventStore, ReadAllOptions, RecordedEvent } from '../event-store/event-store.port';
import { HEAD_FORMAT, LogHead } from '../event-store/log-head';
import { Clock } from '../shared/clock';
import { foldOnto } from '../shared/decider';
import { conflict, invalid, notFound } from '../shared/domain-error';
import { AuditEvent, auditView, LogFilter, parseInstant } from './audit-event';
import { deciderOf } from './stream-deciders';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;
const VERIFY_PAGE = 5000;

export interface LogPage {
  events: AuditEvent[];
  /** pass as `after` for the next page; null when nothing follows yet */
  next: string | null;
}

export function toReadOptions(filter: LogFilter): ReadAllOptions {
  return {
    upcast: false,
    ...(filter.types !== undefined ? { types: filter.types } : {}),
    ...(filter.streamId !== undefined ? { streamId: filter.streamId } : {}),
    ...(filter.correlationId !== undefined ? { correlationId: filter.correlationId } : {}),
    ...(filter.actorId !== undefined ? { actorId: filter.actorId } : {}),
    ...(filter.from !== undefined ? { occurredFrom: filter.from } : {}),
    ...(filter.to !== undefined ? { occurredBefore: filter.to } : {}),
  };
}

/** `after`: a cursor this API gave out, or a plain global position. */
export function parseAfter(after: string | undefined): number | undefined {
  if (after === undefined || after === '') return undefined;
  if (/^\d{1,16}$/.test(after)) return Number(after);
  const [position] = decodeCursor(after, [CursorPart.digits]) as string[];
  return Number(position);
}

/**
 * The event log for auditors: the log in global order with filters, a stream as it stood at a
 * moment (events and the state its decider folds from them), everything one request or
 * workflow caused, and the verification of every hash chain.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** `asStored`: personal data as its ciphertext, every field as its hash covers it. */
  async events(filter: LogFilter, after: string | undefined, limit: number, asStored = false): Promise<LogPage> {
    if (filter.from && filter.to && filter.from >= filter.to)
      throw invalid('INVALID_TIME_RANGE', '`from` must be before `to`');
    const rows = await this.store.readAll({
      ...toReadOptions(filter),
      after: parseAfter(after),
      limit: limit + 1,
      ...(asStored ? { asStored } : {}),
    });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return {
      events: page.map(auditView),
      next: more ? encodeCursor([String(page[page.length - 1].position)]) : null,
    };
  }

  async correlation(correlationId: string, after: string | undefined, limit: number) {
    const page = await this.events({ correlationId }, after, limit);
    if (page.events.length === 0 && after === undefined) {
      throw notFound('CORRELATION_NOT_FOUND', `no event carries correlation id ${correlationId}`);
    }
    const streams = [...new Set(page.events.map((e) => e.streamId))];
    const actors = [
      ...new Map(
        page.events.map((e) => [`${e.metadata.actor.role}:${e.metadata.actor.id}`, e.metadata.actor]),
      ).values(),
    ];
    return { correlationId, streams, actors, ...page };
  }

  /** `asOf`: a global position, or an ISO instant (compared with each event's occurredAt). */
  async stream(streamId: string, asOf: string | undefined) {
    const cutoff = await this.parseAsOf(asOf);
    const stored = await this.store.readStream(streamId, { upcast: false });
    if (stored.length === 0) throw notFound('STREAM_NOT_FOUND', `no stream ${streamId}`);
    const shown = stored.filter((e) => this.within(e, cutoff));
    const lastShown = shown.length ? shown[shown.length - 1].streamPosition : -1;
    const owner = deciderOf(streamId);
    let state: unknown = null;
    if (owner) {
      // The decider folds the current shape of each event: read again, upcast.
      const current = (await this.store.readStream(streamId)).filter((e) => e.streamPosition <= lastShown);
      state = foldOnto(owner.fold, owner.fold.initialState(), current);
    }
    return {
      streamId,
      aggregate: owner?.aggregate ?? null,
      asOf: cutoff
        ? cutoff.kind === 'position'
          ? { position: cutoff.position }
          : { instant: cutoff.instant.toISOString() }
        : null,
      revision: lastShown,
      events: shown.map(auditView),
      state,
    };
  }

  /**
   * Every stream's chain and the global order, over the whole log; with a head kept earlier,
   * also that the log up to that head's position still matches it (nothing removed at the end).
   */
  async verify(onProgress?: (events: number) => void, kept?: LogHead): Promise<VerifyReport> {
    const verifier = new ChainVerifier({}, kept);
    const read = (after: number) => this.store.readAll({ after, limit: VERIFY_PAGE, asStored: true });
    let next = read(0);
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      // The next page loads while this one is checked.
      next = read(page[page.length - 1].position);
      next.catch(() => undefined);
      for (const e of page) if (!verifier.check(e)) return verifier.report();
      onProgress?.(verifier.eventsChecked);
    }
    return verifier.report();
  }

  /** The head of the whole log, once its chains are verified: for an auditor to keep elsewhere. */
  async head(): Promise<{ format: typeof HEAD_FORMAT; version: 1 } & LogHead> {
    const report = await this.verify();
    if (!report.ok || !report.head) {
      throw conflict(
        'LOG_BROKEN',
        `the log does not verify (${report.firstBroken?.reason ?? 'broken'}): it has no head to keep; ` +
          'see GET /api/v1/audit/verify',
      );
    }
    return { format: HEAD_FORMAT, version: 1, ...report.head };
  }

  private within(e: RecordedEvent, cutoff: AsOf | null): boolean {
    if (!cutoff) return true;
    if (cutoff.kind === 'position') return e.position <= cutoff.position;
    return Date.parse(e.metadata.occurredAt) <= cutoff.instant.getTime();
  }

  private async parseAsOf(asOf: string | undefined): Promise<AsOf | null> {
    if (asOf === undefined || asOf === '') return null;
    if (/^\d{1,16}$/.test(asOf)) {
      const position = Number(asOf);
      if (position > (await this.store.headPosition())) {
        throw invalid('AS_OF_IN_FUTURE', `asOf position ${asOf} is past the end of the log`);
      }
      return { kind: 'position', position };
    }
    const instant = parseInstant(asOf);
    if (!instant)
      throw invalid('INVALID_AS_OF', 'asOf must be a global position or an ISO 8601 instant with its offset');
    if (instant.getTime() > this.clock.now().getTime()) throw invalid('AS_OF_IN_FUTURE', 'asOf is in the future');
    return { kind: 'instant', instant };
  }
}

type AsOf = { kind: 'position'; position: number } | { kind: 'instant'; instant: Date };
