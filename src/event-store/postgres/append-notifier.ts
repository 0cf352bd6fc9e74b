import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, ClientConfig, Pool } from 'pg';
import { AppendedHint, mergeHints } from '../event-store.port';

export const NOTIFY_CHANNEL = 'es_appended';
/** a NOTIFY payload must stay under 8,000 bytes; a bigger hint is sent as none (wake everyone) */
const MAX_HINT_PAYLOAD = 7_000;
/** appends within this window after a NOTIFY go out together in the next one */
const NOTIFY_WINDOW_MS = 5;
/** a NOTIFY's payload that tells of a process whose LISTEN has begun (not a hint) */
const ARRIVING = 'listening:';
/** how often a process that listens looks again whether another one does */
const LISTENERS_CHECK_MS = 2_000;
/**
 * Other sessions of the database that may hear a NOTIFY: those whose last statement was this
 * channel's LISTEN, and those whose statements this role cannot see.
 */
const OTHER_LISTENERS = `SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> $1
    AND (query = 'LISTEN ${NOTIFY_CHANNEL}' OR query IS NULL OR query = '<insufficient privilege>')`;

/**
 * Who hears of appends, and how: this process's readers at once, in process; other processes
 * through NOTIFY on `es_appended` (their LISTEN connection), each carrying a hint of what was
 * written (event type → last position) so a reader wakes only for its own types.
 *
 * A process that listens sends no NOTIFY while no other session listens (the one-process
 * layout `npm start` runs): it would only hear its own back. It looks whether another does when
 * its LISTEN begins and every 2 s; a process whose LISTEN begins says so at once with a NOTIFY
 * of its own, and a process that hears a NOTIFY it did not send knows another is there.
 */
export class AppendNotifier {
  private readonly logger = new Logger('PostgresEventStore');
  private readonly listeners = new Set<(appended?: AppendedHint) => void>();
  private listenClient?: Client;
  private listening = false;
  private listenRetry?: NodeJS.Timeout;
  /** what appends of this process wrote since the last NOTIFY, null while none is due */
  private notifyPending: Record<string, number> | null = null;
  /** when the last NOTIFY went out (performance.now()) */
  private lastNotifyAt = -Infinity;
  private closed = false;
  /** whether another session may hear a NOTIFY: until this process has looked, yes */
  private othersListen = true;
  /** when this process last heard a NOTIFY (performance.now()): a look begun before it is stale */
  private lastHeardAt = -Infinity;
  private listenersCheck?: NodeJS.Timeout;
  /** what this process sends when its LISTEN begins */
  private readonly greeting = `${ARRIVING}${randomUUID()}`;

  constructor(
    private readonly pool: Pool,
    /** connection settings for the LISTEN connection (cross-process wake-ups); omit to rely on polling */
    private readonly listenConfig?: ClientConfig,
  ) {}

  onAppended(listener: (appended?: AppendedHint) => void): () => void {
    this.listeners.add(listener);
    if (this.listenConfig && !this.listening) {
      this.listening = true;
      void this.startListening();
    }
    return () => this.listeners.delete(listener);
  }

  /**
   * An append about to be sent after a quiet moment carries its own NOTIFY, in its statement (no
   * round trip of its own, and heard only once the append commits): true when this one should,
   * and then the window starts now. `hintSize` is its hint's length as JSON.
   */
  claimNotify(hintSize: number): boolean {
    if (!this.listenConfig || this.closed || !this.othersListen || this.notifyPending || hintSize > MAX_HINT_PAYLOAD)
      return false;
    if (performance.now() - this.lastNotifyAt < NOTIFY_WINDOW_MS) return false;
    this.lastNotifyAt = performance.now();
    return true;
  }

  /**
   * Wakes local readers at once, and other processes through NOTIFY: an append after a quiet
   * moment at once (another process's reader then waits for one round trip, not a timer), the
   * appends within 5 ms after a NOTIFY together in one that carries their merged hint.
   * `notified`: the append's own statement sent its NOTIFY (claimNotify).
   */
  appended(hint: AppendedHint, notified = false): void {
    for (const l of this.listeners) l(hint);
    if (!this.listenConfig || this.closed || notified || !this.othersListen) return;
    if (this.notifyPending) {
      mergeHints(this.notifyPending, hint);
      return;
    }
    const sinceLast = performance.now() - this.lastNotifyAt;
    if (sinceLast >= NOTIFY_WINDOW_MS) {
      this.notify(hint);
      return;
    }
    this.notifyPending = { ...hint };
    setTimeout(() => {
      const pending = this.notifyPending;
      this.notifyPending = null;
      if (!this.closed && pending) this.notify(pending);
    }, NOTIFY_WINDOW_MS - sinceLast).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.listenRetry) clearTimeout(this.listenRetry);
    if (this.listenersCheck) clearTimeout(this.listenersCheck);
    const client = this.listenClient;
    this.listenClient = undefined;
    await client?.end().catch(() => undefined);
  }

  private notify(hint: AppendedHint): void {
    this.lastNotifyAt = performance.now();
    const payload = JSON.stringify(hint);
    this.pool
      .query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload.length <= MAX_HINT_PAYLOAD ? payload : ''])
      .catch(() => undefined);
  }

  private async startListening(): Promise<void> {
    this.listenRetry = undefined;
    if (this.closed || !this.listenConfig) return;
    const client = new Client(this.listenConfig);
    const retry = (err: unknown) => {
      if (this.closed) return;
      this.logger.warn(`event notifications lost, polling until reconnected: ${(err as Error).message}`);
      this.othersListen = true;
      if (this.listenClient === client) this.listenClient = undefined;
      client.end().catch(() => undefined);
      if (!this.listenRetry) this.listenRetry = setTimeout(() => void this.startListening(), 1000);
      this.listenRetry.unref();
    };
    client.on('error', retry);
    client.on('notification', (message) => {
      if (message.payload?.startsWith(ARRIVING)) {
        // another process's LISTEN has begun (this one's own greeting is not news)
        if (message.payload !== this.greeting) this.heardAnother();
        return;
      }
      // Silent while alone: what is heard then was sent by another process.
      this.heardAnother();
      const hint = parseHint(message.payload);
      for (const l of this.listeners) l(hint);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listenClient = client;
      // Processes already listening, and alone, hear this one arrive.
      await this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, this.greeting]);
      await this.lookForListeners();
    } catch (err) {
      retry(err);
    }
  }

  private heardAnother(): void {
    this.lastHeardAt = performance.now();
    this.othersListen = true;
  }

  /** Whether another session listens, now and every LISTENERS_CHECK_MS while this one does. */
  private async lookForListeners(): Promise<void> {
    if (this.listenersCheck) clearTimeout(this.listenersCheck);
    this.listenersCheck = undefined;
    const client = this.listenClient;
    if (this.closed || !client) return;
    const startedAt = performance.now();
    try {
      // (the LISTEN connection's own backend, which the driver keeps from the server's greeting)
      const pid = (client as unknown as { processID: number | null }).processID ?? 0;
      const { rows } = await this.pool.query<{ n: number }>(OTHER_LISTENERS, [pid]);
      // Heard another since this look began: it may not have been listening when looked at.
      if (this.listenClient === client && this.lastHeardAt < startedAt) this.othersListen = rows[0].n > 0;
    } catch {
      this.othersListen = true;
    }
    if (this.closed || this.listenClient !== client) return;
    this.listenersCheck = setTimeout(() => void this.lookForListeners(), LISTENERS_CHECK_MS);
    this.listenersCheck.unref();
  }
}

/** A NOTIFY payload as a hint; anything else (empty, malformed) as none. */
function parseHint(payload: string | undefined): AppendedHint | undefined {
  if (!payload) return undefined;
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'number' && Number.isFinite(v)) ? (parsed as AppendedHint) : undefined;
  } catch {
    return undefined;
  }
}
