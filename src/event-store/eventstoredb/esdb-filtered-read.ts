/**
 * A read of `$all` that the server filters (by stream-name prefix or event-type regex).
 *
 * The protocol allows a filter on reads as well as on subscriptions (ReadReq.Options.filter),
 * but @eventstore/db-client 6 only offers it on subscriptions: its readAll always sends
 * "no filter". This builds the same Read request with a filter and sends it through the
 * client's own connection handling. It uses two members the client keeps for its commands
 * (`GRPCStreamCreator`, `callArguments`); the contract suite runs through it on every test run,
 * so a client upgrade that changes them fails there first.
 */
import type { CallOptions, ClientReadableStream, Metadata } from '@grpc/grpc-js';
import { AllStreamResolvedEvent, EventStoreDBClient, StreamingRead } from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { EsdbPosition, eventTypesRegex } from './esdb-mapping';

export type ServerFilter = { on: 'stream'; prefixes: string[] } | { on: 'type'; regex: string };

/** The server-side filter for the app's own events: of these types, or (none named) on its streams. */
export const ownEventsFilter = (prefix: string, types?: readonly string[]): ServerFilter =>
  types ? { on: 'type', regex: eventTypesRegex(types) } : { on: 'stream', prefixes: [prefix] };

export interface FilteredReadOptions {
  from: 'start' | 'end' | EsdbPosition;
  direction: 'forwards' | 'backwards';
  maxCount: number;
  filter: ServerFilter;
  /** how many records the server scans per step looking for matches */
  maxSearchWindow?: number;
}

interface ClientInternals {
  GRPCStreamCreator<T>(
    client: typeof StreamsClient,
    debugName: string,
    creator: (client: StreamsClient) => T,
  ): () => Promise<T>;
  callArguments(options: { deadline?: number }, callOptions?: CallOptions): [Metadata, CallOptions];
}

export function filteredReadRequest(o: FilteredReadOptions): ReadReq {
  const all = new ReadReq.Options.AllOptions();
  if (o.from === 'start') all.setStart(new Empty());
  else if (o.from === 'end') all.setEnd(new Empty());
  else {
    const pos = new ReadReq.Options.Position();
    pos.setCommitPosition(o.from.commit.toString(10));
    pos.setPreparePosition(o.from.prepare.toString(10));
    all.setPosition(pos);
  }
  const expression = new ReadReq.Options.FilterOptions.Expression();
  if (o.filter.on === 'stream') expression.setPrefixList(o.filter.prefixes);
  else expression.setRegex(o.filter.regex);
  const filter = new ReadReq.Options.FilterOptions();
  if (o.filter.on === 'stream') filter.setStreamIdentifier(expression);
  else filter.setEventType(expression);
  filter.setMax(o.maxSearchWindow ?? 512);
  filter.setCheckpointintervalmultiplier(1);

  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new Empty());
  const options = new ReadReq.Options();
  options.setAll(all);
  options.setResolveLinks(false);
  options.setCount(String(o.maxCount));
  options.setUuidOption(uuid);
  options.setFilter(filter);
  options.setReadDirection(
    o.direction === 'backwards' ? ReadReq.Options.ReadDirection.BACKWARDS : ReadReq.Options.ReadDirection.FORWARDS,
  );
  const req = new ReadReq();
  req.setOptions(options);
  return req;
}

export function readAllFiltered(
  client: EventStoreDBClient,
  o: FilteredReadOptions,
  /** milliseconds the whole read may take: a server that stops answering fails the read */
  deadline = 30_000,
): StreamingRead<AllStreamResolvedEvent> {
  const internals = client as unknown as ClientInternals;
  const req = filteredReadRequest(o);
  const create = internals.GRPCStreamCreator(
    StreamsClient,
    'readAllFiltered',
    (grpc: StreamsClient): ClientReadableStream<ReadResp> => grpc.read(req, ...internals.callArguments({ deadline })),
  );
  return new ReadStream<AllStreamResolvedEvent>(create, convertGrpcEvent, {});
}
