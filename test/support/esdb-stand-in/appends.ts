/** Streams.Append, Streams.BatchAppend, Delete and Tombstone of the stand-in. */
import { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServerUnaryCall, status } from '@grpc/grpc-js';
import { Empty as PbEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { AppendOutcome, Expected, ProposedEvent, StandInLog } from './log';
import {
  streamDeletedError,
  streamName,
  statusWith,
  unavailableError,
  unknownError,
  wrongExpectedVersionDetails,
} from './messages';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

function proposed(m: Proposed): ProposedEvent {
  const meta = m.getMetadataMap();
  return {
    id: m.getId()!.getString(),
    type: meta.get('type') ?? '',
    contentType: meta.get('content-type') ?? 'application/octet-stream',
    data: Buffer.from(m.getData_asU8()),
    metadata: Buffer.from(m.getCustomMetadata_asU8()),
  };
}

/** What the next append answers when a test has injected a failure, else undefined. */
function injected(log: StandInLog): 'unknown' | 'unavailable' | undefined {
  const fail = log.failNextAppends;
  if (!fail || fail.count <= 0) return undefined;
  fail.count--;
  return fail.error;
}

export function append(
  log: StandInLog,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (req: AppendReq) => {
    if (req.hasOptions()) options = req.getOptions();
    else if (req.hasProposedMessage()) events.push(proposed(req.getProposedMessage()!));
  });
  call.on('end', () => {
    if (!options) return callback({ code: status.INVALID_ARGUMENT, details: 'append without options' });
    const failure = injected(log);
    if (failure) return callback(failure === 'unknown' ? unknownError('injected failure') : unavailableError());
    const name = streamName(options.getStreamIdentifier());
    const expected: Expected = options.hasRevision()
      ? { kind: 'revision', revision: Number(options.getRevision()) }
      : options.hasNoStream()
        ? { kind: 'no_stream' }
        : options.hasStreamExists()
          ? { kind: 'stream_exists' }
          : { kind: 'any' };
    const outcome = log.append(name, expected, events);
    const resp = new AppendResp();
    if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(name));
    if (outcome.kind === 'wrong_expected_version') {
      const wrong = new AppendResp.WrongExpectedVersion();
      if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new shared.Empty());
      else wrong.setCurrentRevision(String(outcome.current));
      if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
      else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
      else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
      else wrong.setExpectedAny(new shared.Empty());
      resp.setWrongExpectedVersion(wrong);
      return callback(null, resp);
    }
    const success = new AppendResp.Success();
    success.setCurrentRevision(String(outcome.revision));
    if (outcome.kind === 'written') {
      const position = new AppendResp.Position();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    } else {
      // An acknowledged retry wrote nothing: no position of its own.
      success.setNoPosition(new shared.Empty());
    }
    resp.setSuccess(success);
    callback(null, resp);
  });
}

function batchExpected(options: BatchAppendReq.Options): Expected {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: Number(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function batchAppend(log: StandInLog, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, { options?: BatchAppendReq.Options; events: ProposedEvent[] }>();
  call.on('data', (req: BatchAppendReq) => {
    const correlation = req.getCorrelationId()!.getString();
    const entry = pending.get(correlation) ?? { events: [] };
    pending.set(correlation, entry);
    if (req.hasOptions()) entry.options = req.getOptions();
    entry.events.push(...req.getProposedMessagesList().map(proposed));
    if (!req.getIsFinal() || !entry.options) return;
    pending.delete(correlation);
    const options = entry.options;
    const name = streamName(options.getStreamIdentifier());
    const expected = batchExpected(options);
    const resp = new BatchAppendResp();
    const id = new shared.UUID();
    id.setString(correlation);
    resp.setCorrelationId(id);
    resp.setStreamIdentifier(options.getStreamIdentifier());
    if (expected.kind === 'revision') resp.setStreamPosition(String(expected.revision));
    else if (expected.kind === 'no_stream') resp.setNoStream(new PbEmpty());
    else if (expected.kind === 'stream_exists') resp.setStreamExists(new PbEmpty());
    else resp.setAny(new PbEmpty());
    const failure = injected(log);
    const outcome: AppendOutcome | undefined = failure ? undefined : log.append(name, expected, entry.events);
    if (failure === 'unavailable') {
      // The transport failing, as when the server goes away in the middle of a call.
      call.emit('error', unavailableError());
      return;
    }
    if (!outcome) {
      resp.setError(statusWith(status.UNKNOWN, 'injected failure', 'event_store.client.Unknown', new shared.Unknown()));
    } else if (outcome.kind === 'wrong_expected_version') {
      resp.setError(
        statusWith(
          status.FAILED_PRECONDITION,
          'Wrong expected version.',
          'event_store.client.WrongExpectedVersion',
          wrongExpectedVersionDetails(outcome.current, expected),
        ),
      );
    } else if (outcome.kind === 'stream_deleted') {
      const deleted = new shared.StreamDeleted();
      deleted.setStreamIdentifier(options.getStreamIdentifier());
      resp.setError(
        statusWith(status.FAILED_PRECONDITION, 'Stream deleted.', 'event_store.client.StreamDeleted', deleted),
      );
    } else {
      const success = new BatchAppendResp.Success();
      success.setCurrentRevision(String(outcome.revision));
      if (outcome.kind === 'written') {
        const position = new shared.AllStreamPosition();
        position.setCommitPosition(String(outcome.position));
        position.setPreparePosition(String(outcome.position));
        success.setPosition(position);
      } else {
        success.setNoPosition(new PbEmpty());
      }
      resp.setSuccess(success);
    }
    call.write(resp);
  });
  call.on('end', () => call.end());
}

type DeletionOptions = DeleteReq.Options | TombstoneReq.Options;

function deletion(
  log: StandInLog,
  options: DeletionOptions | undefined,
  hard: boolean,
): { error?: ReturnType<typeof streamDeletedError> } {
  if (!options) return { error: unknownError('delete without options') };
  const name = streamName(options.getStreamIdentifier());
  const expected: Expected = options.hasRevision()
    ? { kind: 'revision', revision: Number(options.getRevision()) }
    : options.hasNoStream()
      ? { kind: 'no_stream' }
      : options.hasStreamExists()
        ? { kind: 'stream_exists' }
        : { kind: 'any' };
  const outcome = log.delete(name, expected, hard);
  if (outcome.kind === 'stream_deleted') return { error: streamDeletedError(name) };
  if (outcome.kind === 'wrong_expected_version') {
    const error = unknownError('Wrong expected version.');
    error.code = status.FAILED_PRECONDITION;
    error.metadata.set('exception', 'wrong-expected-version');
    error.metadata.set('stream-name', name);
    error.metadata.set('expected-version', expected.kind === 'revision' ? String(expected.revision) : '-1');
    error.metadata.set('actual-version', outcome.current === 'no_stream' ? '-1' : String(outcome.current));
    return { error };
  }
  return {};
}

export function deleteStream(
  log: StandInLog,
  call: ServerUnaryCall<DeleteReq, DeleteResp>,
  callback: sendUnaryData<DeleteResp>,
): void {
  const { error } = deletion(log, call.request.getOptions(), false);
  if (error) return callback(error);
  const resp = new DeleteResp();
  resp.setNoPosition(new shared.Empty());
  callback(null, resp);
}

export function tombstone(
  log: StandInLog,
  call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
  callback: sendUnaryData<TombstoneResp>,
): void {
  const { error } = deletion(log, call.request.getOptions(), true);
  if (error) return callback(error);
  const resp = new TombstoneResp();
  resp.setNoPosition(new shared.Empty());
  callback(null, resp);
}
