import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { Client } from 'pg';

/** This process, as other instances see it in GET /api/v1/admin/projections. */
export const INSTANCE_ID = `${hostname()}:${process.pid}`;

const NAMESPACE = 'cedar:subscription';
const APPLICATION_PREFIX = 'cedar-subscriptions ';

/**
 * Which process runs which subscription: a PostgreSQL session-level advisory lock per
 * subscription, `(hashtext('cedar:subscription'), hashtext(name))`, all held on one dedicated
 * connection of this process.
 *
 * Why advisory locks rather than a leases table: the lock lives exactly as long as the session,
 * so a process that dies (kill -9, crash, lost network) releases everything the moment its
 * connection closes; no heartbeat, no expiry to tune, no clock involved, and a standby can take
 * over on its next attempt. Why one connection per process rather than one per subscription:
 * the connection budget (three instances × a dozen subscriptions would eat most of a default
 * max_connections of 100), and nothing is gained, since one process dying drops them all anyway.
 *
 * If the connection is lost while the process lives, every lock is gone with it: `onLost` tells
 * the owner to stop what it runs (checkpoint compare-and-set keeps the short overlap harmless).
 */
export class SubscriptionLocks {
  private readonly logger = new Logger(SubscriptionLocks.name);
  private client?: Client;
  private connecting?: Promise<Client>;
  private readonly held = new Set<string>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onLost: () => void,
    readonly instance = INSTANCE_ID,
  ) {}

  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Takes whichever of the locks are free; returns the names newly held by this process. */
  async tryAcquire(names: readonly string[]): Promise<string[]> {
    const wanted = names.filter((n) => !this.held.has(n));
    if (wanted.length === 0 || this.closed) return [];
    const client = await this.connect();
    const { rows } = await client.query<{ name: string; ok: boolean }>(
      'SELECT name, pg_try_advisory_lock(hashtext($1), hashtext(name)) AS ok FROM unnest($2::text[]) AS name',
      [NAMESPACE, wanted],
    );
    if (this.client !== client) return []; // lost meanwhile: the locks went with the session
    const won = rows.filter((r) => r.ok).map((r) => r.name);
    for (const name of won) this.held.add(name);
    return won;
  }

  /**
   * The instance holding each subscription's lock, seen from the database: the application_name
   * of the session that holds it. null when no process holds it.
   */
  async holders(names: readonly string[]): Promise<Map<string, string | null>> {
    const client = await this.connect();
    const { rows } = await client.query<{ name: string; holder: string | null }>(
      `SELECT n.name, a.application_name AS holder
         FROM unnest($2::text[]) AS n(name)
         LEFT JOIN pg_locks l
           ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = (hashtext($1)::bigint & 4294967295)
          AND l.objid::bigint = (hashtext(n.name)::bigint & 4294967295)
         LEFT JOIN pg_stat_activity a ON a.pid = l.pid`,
      [NAMESPACE, names],
    );
    return new Map(
      rows.map((r) => [
        r.name,
        r.holder === null
          ? null
          : r.holder.startsWith(APPLICATION_PREFIX)
            ? r.holder.slice(APPLICATION_PREFIX.length)
            : r.holder,
      ]),
    );
  }

  /** Ends the session: every lock of this process is released at once. */
  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: `${APPLICATION_PREFIX}${this.instance}`.slice(0, 63),
      keepAlive: true,
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      const had = this.held.size;
      this.held.clear();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(`lock connection lost${err ? `: ${err.message}` : ''}; ${had} subscription(s) go to standby`);
      this.onLost();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    if (this.closed) {
      await client.end();
      throw new Error('subscription locks are closed');
    }
    this.client = client;
    return client;
  }
}
