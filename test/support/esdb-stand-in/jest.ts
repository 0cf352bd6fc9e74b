import { EsdbStandIn, startEsdbStandIn } from './index';

/**
 * Where the EventStoreDB suites run: a real server when EVENTSTORE_CONNECTION_STRING names one,
 * else a stand-in of the protocol started for this test file and stopped after it.
 */
export interface EsdbTarget {
  connectionString: string;
  /** the stand-in, when the suite runs on it (undefined against a real server) */
  standIn?: EsdbStandIn;
}

export function useEsdbTarget(): () => EsdbTarget {
  let target: EsdbTarget | undefined;
  const real = process.env.EVENTSTORE_CONNECTION_STRING;
  beforeAll(async () => {
    if (real) {
      target = { connectionString: real };
      return;
    }
    const standIn = await startEsdbStandIn();
    target = { connectionString: standIn.connectionString, standIn };
  });
  afterAll(async () => {
    await target?.standIn?.stop();
  });
  return () => {
    if (!target) throw new Error('the EventStoreDB target is set up in beforeAll');
    return target;
  };
}

/** Which server the suites ran on, for the test names. */
export const esdbTargetName = process.env.EVENTSTORE_CONNECTION_STRING
  ? 'EventStoreDB server'
  : 'EventStoreDB protocol stand-in';
