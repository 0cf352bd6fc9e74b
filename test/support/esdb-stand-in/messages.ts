/** Protocol messages of the stand-in, built with the generated classes the client itself ships. */
import { Metadata, status } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as PbEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Expected, Filter, StoredRecord } from './log';

export const streamName = (id: shared.StreamIdentifier | undefined): string =>
  Buffer.from(id?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export function identifier(name: string): shared.StreamIdentifier {
  const id = new shared.StreamIdentifier();
  id.setStreamName(Buffer.from(name, 'utf8'));
  return id;
}

export function eventMessage(r: StoredRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new shared.UUID();
  id.setString(r.id);
  recorded.setId(id);
  recorded.setStreamIdentifier(identifier(r.streamName));
  recorded.setStreamRevision(String(r.revision));
  recorded.setCommitPosition(String(r.position));
  recorded.setPreparePosition(String(r.position));
  const meta = recorded.getMetadataMap();
  meta.set('type', r.type);
  meta.set('content-type', r.contentType);
  meta.set('created', String(r.created));
  recorded.setData(r.data);
  recorded.setCustomMetadata(r.metadata);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(String(r.position));
  const resp = new ReadResp();
  resp.setEvent(event);
  return resp;
}

export function checkpointMessage(position: number): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(String(position));
  checkpoint.setPreparePosition(String(position));
  const resp = new ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}

export function confirmationMessage(subscriptionId: string): ReadResp {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  const resp = new ReadResp();
  resp.setConfirmation(confirmation);
  return resp;
}

export function caughtUpMessage(): ReadResp {
  const resp = new ReadResp();
  resp.setCaughtUp(new ReadResp.CaughtUp());
  return resp;
}

export function fellBehindMessage(): ReadResp {
  const resp = new ReadResp();
  resp.setFellBehind(new ReadResp.FellBehind());
  return resp;
}

export function streamNotFoundMessage(name: string): ReadResp {
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(identifier(name));
  const resp = new ReadResp();
  resp.setStreamNotFound(notFound);
  return resp;
}

/** A filter as the request states it, or undefined for no filter. */
export function readFilter(
  options: ReadReq.Options,
): (Filter & { window: number; checkpointEvery: number }) | undefined {
  if (!options.hasFilter()) return undefined;
  const f = options.getFilter()!;
  const expression = f.hasStreamIdentifier() ? f.getStreamIdentifier()! : f.getEventType()!;
  const regex = expression.getRegex();
  const window = f.hasMax() ? f.getMax() : 32;
  return {
    on: f.hasStreamIdentifier() ? 'stream' : 'type',
    ...(regex ? { regex: new RegExp(regex) } : { prefixes: expression.getPrefixList() }),
    window,
    checkpointEvery: Math.max(1, window * Math.max(1, f.getCheckpointintervalmultiplier())),
  };
}

/** The server's error for a deleted stream: the client recognises it by the `exception` trailer. */
export function streamDeletedError(name: string): { code: status; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', name);
  return { code: status.FAILED_PRECONDITION, details: `Event stream '${name}' is deleted.`, metadata };
}

export function unknownError(message: string): { code: status; details: string; metadata: Metadata } {
  return { code: status.UNKNOWN, details: message, metadata: new Metadata() };
}

export function unavailableError(): { code: status; details: string; metadata: Metadata } {
  return { code: status.UNAVAILABLE, details: 'Server Is Not Ready', metadata: new Metadata() };
}

export function wrongExpectedVersionDetails(
  current: number | 'no_stream',
  expected: Expected,
): shared.WrongExpectedVersion {
  const wrong = new shared.WrongExpectedVersion();
  if (current === 'no_stream') wrong.setCurrentNoStream(new PbEmpty());
  else wrong.setCurrentStreamRevision(String(current));
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new PbEmpty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new PbEmpty());
  else wrong.setExpectedAny(new PbEmpty());
  return wrong;
}

/** A google.rpc.Status whose details name the failure the way the server does in BatchAppend answers. */
export function statusWith(
  code: status,
  message: string,
  typeName: string,
  details: { serializeBinary(): Uint8Array },
): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), typeName);
  const s = new Status();
  s.setCode(code as number);
  s.setMessage(message);
  s.setDetails(any);
  return s;
}
