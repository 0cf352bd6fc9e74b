/** Streams.Read of the stand-in: stream and `$all` reads, and catch-up subscriptions to either. */
import { ServerWritableStream } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { matches, StandInLog, StoredRecord } from './log';
import {
  caughtUpMessage,
  checkpointMessage,
  confirmationMessage,
  eventMessage,
  fellBehindMessage,
  readFilter,
  streamDeletedError,
  streamName,
  streamNotFoundMessage,
} from './messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

export function read(log: StandInLog, call: ReadCall): void {
  const write = call.write.bind(call);
  call.write = ((message: ReadResp, ...rest: never[]) => {
    if (message.hasEvent()) log.eventsSent++;
    return write(message, ...rest);
  }) as typeof call.write;
  const options = call.request.getOptions();
  if (!options) {
    call.destroy(new Error('read without options'));
    return;
  }
  if (options.hasSubscription()) {
    void subscribe(log, call, options);
    return;
  }
  const count = Number(options.getCount() || '0');
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier());
    const records = log.streamRecords(name);
    if (records === 'deleted') {
      call.emit('error', streamDeletedError(name));
      return;
    }
    if (!records) {
      call.write(streamNotFoundMessage(name));
      call.end();
      return;
    }
    const last = records[records.length - 1].revision;
    const from = stream.hasRevision()
      ? Number(stream.getRevision())
      : stream.hasStart()
        ? 0
        : backwards
          ? last
          : last + 1;
    const selected = backwards
      ? records.filter((r) => r.revision <= from).reverse()
      : records.filter((r) => r.revision >= from);
    for (const r of selected.slice(0, count)) call.write(eventMessage(r));
    call.end();
    return;
  }
  const all = options.getAll()!;
  const filter = readFilter(options);
  const records = log.records;
  // Forwards from a position includes the event there; backwards from it starts before it.
  let index = all.hasStart()
    ? 0
    : all.hasEnd()
      ? records.length
      : log.indexAtOrAfter(Number(all.getPosition()!.getCommitPosition()));
  let sent = 0;
  while (sent < count) {
    const r = backwards ? records[--index] : records[index++];
    if (!r) break;
    if (!matches(filter, r)) continue;
    call.write(eventMessage(r));
    sent++;
  }
  call.end();
}

/**
 * A catch-up subscription: events after the starting point, a caught-up message once it has
 * reached the end of the log, then live events. A subscriber that cannot keep up (its transport
 * buffer full) is told it fell behind and catches up again. Filtered subscriptions to `$all`
 * get checkpoints every `window × multiplier` records scanned.
 */
async function subscribe(log: StandInLog, call: ReadCall, options: ReadReq.Options): Promise<void> {
  let cancelled = false;
  let wake: (() => void) | undefined;
  let appended: boolean;
  const off = log.onAppend(() => {
    appended = true;
    wake?.();
  });
  call.on('cancelled', () => {
    cancelled = true;
    wake?.();
  });
  call.on('error', () => {
    cancelled = true;
    wake?.();
  });
  call.write(confirmationMessage(randomUUID()));

  const filter = readFilter(options);
  let source: () => StoredRecord | undefined;
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier());
    const current = log.streamRecords(name);
    const last = Array.isArray(current) && current.length ? current[current.length - 1].revision : -1;
    let next = stream.hasStart() ? 0 : stream.hasEnd() ? last + 1 : Number(stream.getRevision()) + 1;
    source = () => {
      const records = log.streamRecords(name);
      if (!Array.isArray(records)) return undefined;
      const r = records.find((x) => x.revision === next);
      if (r) next++;
      return r;
    };
  } else {
    const all = options.getAll()!;
    // A subscription starts after the given position.
    let index = all.hasStart()
      ? 0
      : all.hasEnd()
        ? log.records.length
        : log.indexAtOrAfter(Number(all.getPosition()!.getCommitPosition()) + 1);
    source = () => log.records[index] && log.records[index++];
  }

  let live = false;
  let scanned = 0;
  const write = async (message: ReadResp): Promise<void> => {
    if (call.write(message)) return;
    if (live) {
      live = false;
      call.write(fellBehindMessage());
    }
    await new Promise<void>((resolve) => {
      call.once('drain', resolve);
      wake = resolve;
    });
  };
  try {
    while (!cancelled) {
      appended = false;
      for (let r = source(); r && !cancelled; r = source()) {
        scanned++;
        if (matches(filter, r)) await write(eventMessage(r));
        if (filter && scanned % filter.checkpointEvery === 0) await write(checkpointMessage(r.position));
      }
      if (!live && !cancelled) {
        live = true;
        await write(caughtUpMessage());
      }
      if (cancelled) break;
      if (appended) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    off();
  }
}
