import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { esdbTargetName, useEsdbTarget } from '../support/esdb-stand-in/jest';
import { eventStoreContract } from './event-store.contract';

/**
 * The contract every adapter passes, run on the EventStoreDB adapter through the real client:
 * against the protocol stand-in in every run, against a real server instead when
 * EVENTSTORE_CONNECTION_STRING names one (e.g. esdb://localhost:2113?tls=false).
 */
const target = useEsdbTarget();

eventStoreContract(esdbTargetName, async (upcasters) => {
  const store = new EventStoreDbEventStore(target().connectionString, upcasters);
  await store.ping();
  return { store, teardown: () => store.close() };
});
