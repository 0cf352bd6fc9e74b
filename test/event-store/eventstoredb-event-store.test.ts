import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { eventStoreContract } from './event-store.contract';

/**
 * Runs the same contract against a real EventStoreDB when EVENTSTORE_CONNECTION_STRING is set
 * (e.g. `docker compose up eventstoredb`, then
 * EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false npm test).
 */
const connection = process.env.EVENTSTORE_CONNECTION_STRING;

if (connection) {
  eventStoreContract('EventStoreDB', async (upcasters) => {
    const store = new EventStoreDbEventStore(connection, upcasters);
    await store.ping();
    return { store, teardown: () => store.close() };
  });
} else {
  describe('event store contract: EventStoreDB', () => {
    it.skip('SKIPPED: EVENTSTORE_CONNECTION_STRING is not set, so no EventStoreDB server was tested', () => undefined);
    it('says plainly that it was skipped', () => {
      process.stderr.write(
        '\n[event store contract] EventStoreDB: SKIPPED — set EVENTSTORE_CONNECTION_STRING (esdb://…) to run the contract against a real server.\n',
      );
    });
  });
}
