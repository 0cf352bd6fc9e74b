import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, ClientConfig, Pool } from 'pg';
import { AppendedHint, mergeHints } from '../event-store.port';

export const NOTIFY_CHANNEL = 'es_appended';
/** a NOTIFY payload must stay under 8,000 bytes; a bigger hint is sent as none (wake everyone) */
const MAX_HINT_PAYLOAD = 7_000;
/** appends within this window after a NOTIFY go out together in the next one */
const NOTIFY_WINDOW_MS = 5;
/** a NOTIFY's payload that tells of a process listening (not a hint): `listening:<its id>` */
const LISTENING = 'listening:';
/** a NOTIFY's payload that tells of a process that stops listening: `leaving:<its id>` */
const LEAVING = 'leaving:';
/** how often a process that listens says so */
const GREETING_EVERY_MS = 2_000;
/** how long a greeting heard stands for its process listening */
const GREETING_LASTS_MS = 5_000;

/**
 * Who hears of appends, and how: this process's readers at once, in process; other processes
 * through NOTIFY on `es_appended` (their LISTEN connection), each carrying a hint of what was
 * written (event type → last position) so a reader wakes only for its own types.
 *
 * A process that listens sends no NOTIFY while no other process listens (the one-process layout
 * `npm start` runs): it would only hear its own back. Each process that listens says so on the
 * channel when its LISTEN begins and every 2 s (and at once to a process it hears for the first
 * time, so a newcomer knows of it within a round trip); a greeting heard stands for 5 s, and a
 * process that stops listening says so. A process that appends without listening always
 * notifies.
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
  /** this process on the channel */
  private readonly id = randomUUID();
  /** other processes listening: their ids, and when each was last heard */
  private readonly heard = new Map<string, number>();
  private greeter?: NodeJS.Timeout;

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
    if (!this.listenConfig || this.closed || !this.othersListen() || this.notifyPending || hintSize > MAX_HINT_PAYLOAD)
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
    if (!this.listenConfig || this.closed || notified || !this.othersListen()) return;
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
    this.stopGreeting();
    const client = this.listenClient;
    this.listenClient = undefined;
    if (client) await this.say(`${LEAVING}${this.id}`);
    await client?.end().catch(() => undefined);
  }

  private notify(hint: AppendedHint): void {
    this.lastNotifyAt = performance.now();
    const payload = JSON.stringify(hint);
    void this.say(payload.length <= MAX_HINT_PAYLOAD ? payload : '');
  }

  private async startListening(): Promise<void> {
    this.listenRetry = undefined;
    if (this.closed || !this.listenConfig) return;
    const client = new Client(this.listenConfig);
    const retry = (err: unknown) => {
      if (this.closed) return;
      this.logger.warn(`event notifications lost, polling until reconnected: ${(err as Error).message}`);
      this.stopGreeting();
      if (this.listenClient === client) this.listenClient = undefined;
      client.end().catch(() => undefined);
      if (!this.listenRetry) this.listenRetry = setTimeout(() => void this.startListening(), 1000);
      this.listenRetry.unref();
    };
    client.on('error', retry);
    client.on('notification', (message) => {
      const payload = message.payload ?? '';
      if (payload.startsWith(LISTENING)) return this.heardListening(payload.slice(LISTENING.length));
      if (payload.startsWith(LEAVING)) return void this.heard.delete(payload.slice(LEAVING.length));
      const hint = parseHint(payload);
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
      // Processes already listening, and alone, hear this one arrive (and answer).
      this.greet();
      this.greeter = setInterval(() => this.greet(), GREETING_EVERY_MS);
      this.greeter.unref();
    } catch (err) {
      retry(err);
    }
  }

  /** Whether another process may hear a NOTIFY: one heard listening lately, or (not listening) any. */
  private othersListen(): boolean {
    if (!this.listenClient) return true;
    const now = performance.now();
    for (const [id, at] of this.heard) {
      if (now - at < GREETING_LASTS_MS) return true;
      this.heard.delete(id);
    }
    return false;
  }

  /** Another process listens (its own greetings come back to it too): a newcomer is greeted at once. */
  private heardListening(id: string): void {
    if (id === this.id) return;
    const last = this.heard.get(id);
    this.heard.set(id, performance.now());
    if (last === undefined || performance.now() - last >= GREETING_LASTS_MS) this.greet();
  }

  private greet(): void {
    if (this.listenClient && !this.closed) void this.say(`${LISTENING}${this.id}`);
  }

  private stopGreeting(): void {
    if (this.greeter) clearInterval(this.greeter);
    this.greeter = undefined;
  }

  /** A NOTIFY on the channel (lost, not thrown, when the database is away: readers poll). */
  private async say(payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload]).catch(() => undefined);
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
