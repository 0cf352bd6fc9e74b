/** The pg Pool of the app's PostgreSQL database (events, unless EventStoreDB is configured, and read models). */
export const PG_POOL = Symbol('PG_POOL');
