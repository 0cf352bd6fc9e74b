/**
 * A stand-in for an EventStoreDB server, speaking its gRPC protocol on 127.0.0.1 with the
 * service definitions the client package itself ships: Streams (Read, Append, BatchAppend,
 * Delete, Tombstone) and ServerFeatures. The data lives in memory, in a StandInLog that a test
 * can keep across a stop and a start, as a restarted server keeps its data.
 *
 * It proves the adapter speaks the protocol and follows the documented semantics; it proves
 * nothing about a real server's storage, clustering, performance or projections.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { IStreamsServer, StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { IServerFeaturesServer, ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StandInLog } from './log';
import { read } from './reads';
import { append, batchAppend, deleteStream, tombstone } from './appends';

export { StandInLog } from './log';

export interface EsdbStandIn {
  readonly port: number;
  readonly log: StandInLog;
  /** single node, no TLS: the client talks to this node without gossip */
  readonly connectionString: string;
  /** stops serving (open calls are cut, as when a server dies); the log stays */
  stop(): Promise<void>;
  /** serves the same log on the same port again */
  start(): Promise<void>;
}

const SERVER_VERSION = '24.10.0-stand-in';

function supportedMethods(): SupportedMethods {
  const methods = new SupportedMethods();
  methods.setEventStoreServerVersion(SERVER_VERSION);
  const add = (service: string, method: string, features: string[] = []) => {
    const m = new SupportedMethod();
    m.setServiceName(service);
    m.setMethodName(method);
    m.setFeaturesList(features);
    methods.addMethods(m);
  };
  for (const method of ['read', 'append', 'delete', 'tombstone', 'batchappend'])
    add('event_store.client.streams.streams', method);
  add('event_store.client.server_features.serverfeatures', 'getsupportedmethods');
  return methods;
}

function serve(log: StandInLog): Server {
  const server = new Server();
  const streams: IStreamsServer = {
    read: (call) => read(log, call),
    append: (call, callback) => append(log, call, callback),
    batchAppend: (call) => batchAppend(log, call),
    delete: (call, callback) => deleteStream(log, call, callback),
    tombstone: (call, callback) => tombstone(log, call, callback),
  };
  const features: IServerFeaturesServer = {
    getSupportedMethods: (_call, callback) => callback(null, supportedMethods()),
  };
  server.addService(StreamsService, streams);
  server.addService(ServerFeaturesService, features);
  return server;
}

function bind(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
}

/** Starts a stand-in on `port` (0: any free port), serving `log` (a new, empty one by default). */
export async function startEsdbStandIn(options: { port?: number; log?: StandInLog } = {}): Promise<EsdbStandIn> {
  const log = options.log ?? new StandInLog();
  let server: Server | undefined = serve(log);
  const port = await bind(server, options.port ?? 0);
  return {
    port,
    log,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    async stop() {
      const s = server;
      server = undefined;
      s?.forceShutdown();
    },
    async start() {
      if (server) return;
      server = serve(log);
      await bind(server, port);
    },
  };
}
