import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';

/** The built app, as `npm test` leaves it after `tsc`. */
export const MAIN = path.resolve(__dirname, '../../dist/src/main.js');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: a seeded random in [0, 1), the same sequence on every run */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a crash suite's random pauses: CRASH_SEED, or the suite's fixed default. Printed, to replay a run. */
export function crashSeed(suite: string, fallback: number): number {
  const seed = process.env.CRASH_SEED === undefined ? fallback : Number(process.env.CRASH_SEED);
  if (!Number.isInteger(seed)) throw new Error(`CRASH_SEED must be an integer, not ${process.env.CRASH_SEED}`);
  process.stderr.write(`${suite}: CRASH_SEED=${seed}\n`);
  return seed;
}

/** Unfinished work the database holds, by kind. */
export type WorkInFlight = Record<string, number>;

/**
 * What the database says is unfinished, read right after a kill -9 (the killed process can write
 * nothing more, so this is the state the kill left): enrollments submitted and not completed (or rejected),
 * payments requested and not settled (charged, posted and receipted, or declined and retried or
 * given up), refunds requested and not posted, emails queued and not sent, emails being sent (a
 * row a killed worker had claimed waits for its lease, 5 minutes, before it is sent again).
 */
export async function workInFlight(databaseUrl: string): Promise<WorkInFlight> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [row] = (
      await db.query(`
      WITH e AS (
        SELECT type, data->>'enrollmentId' AS enrollment, data->>'paymentId' AS payment, data->>'refundId' AS refund FROM es_events
        WHERE type IN ('EnrollmentSubmitted', 'EnrollmentCompleted', 'EnrollmentRejected', 'PaymentRequested', 'ChargePosted', 'ReceiptSent', 'PaymentRetryScheduled',
                       'PaymentFinallyFailed', 'RefundRequested', 'RefundPosted', 'RefundFailed')
      )
      SELECT
        (SELECT count(*) FROM (SELECT enrollment FROM e WHERE type = 'EnrollmentSubmitted' EXCEPT SELECT enrollment FROM e WHERE type IN ('EnrollmentCompleted', 'EnrollmentRejected')) x)::int AS enrollments,
        (SELECT count(*) FROM (SELECT payment FROM e WHERE type = 'PaymentRequested'
           EXCEPT SELECT payment FROM e WHERE type IN ('PaymentRetryScheduled', 'PaymentFinallyFailed')
           EXCEPT (SELECT payment FROM e WHERE type = 'ChargePosted' INTERSECT SELECT payment FROM e WHERE type = 'ReceiptSent')) x)::int AS payments,
        (SELECT count(*) FROM (SELECT refund FROM e WHERE type = 'RefundRequested' EXCEPT SELECT refund FROM e WHERE type IN ('RefundPosted', 'RefundFailed')) x)::int AS refunds,
        (SELECT count(*) FROM email_outbox WHERE status = 'pending')::int AS emails,
        (SELECT count(*) FROM email_outbox WHERE status = 'sending')::int AS "emailsSending"
    `)
    ).rows as WorkInFlight[];
    return row;
  } finally {
    await db.end();
  }
}

/** How many kills found work in flight, and what each found. */
export interface KillRecord {
  /** Date.now() when SIGKILL was sent */
  at: number;
  inFlight: WorkInFlight;
  /** the kill found something unfinished in the database */
  hit: boolean;
  /** what came just before the kill */
  after: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The built app as a child process on 127.0.0.1 that a test kills with SIGKILL and boots again.
 * Requests sent through `api` survive the kills: one cut by a kill is sent again (same
 * Idempotency-Key) once the app is back.
 */
export class KillableApp {
  /** kill -9 / restart cycles so far */
  cycles = 0;
  /** requests cut by a kill and sent again */
  resent = 0;
  /** what the database held unfinished at each kill (when `probe` is set) */
  readonly kills: KillRecord[] = [];
  /** reads the unfinished work after each kill, before the restart */
  probe?: () => Promise<WorkInFlight>;
  private child?: ChildProcess;
  private ready: Promise<void> = Promise.resolve();

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly random: () => number,
  ) {}

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error('app exited while starting');
      if (
        await fetch(`http://127.0.0.1:${this.port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await sleep(100);
    }
    throw new Error('app did not start');
  }

  async kill(): Promise<number> {
    const child = this.child;
    const at = Date.now();
    if (!child || !this.running) return at;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    return at;
  }

  /** kill -9 after a seeded pause of up to maxPauseMs, then boot again; requests meanwhile wait */
  async cycle(maxPauseMs: number, after = 'work submitted'): Promise<void> {
    await sleep(Math.floor(this.random() * maxPauseMs));
    this.ready = (async () => {
      const at = await this.kill();
      if (this.probe) {
        const inFlight = await this.probe();
        // Emails a worker killed earlier had claimed stay 'sending' until their lease ends: only new ones count.
        const { emailsSending, ...rest } = inFlight;
        const claimedBefore = this.kills.length ? (this.kills[this.kills.length - 1].inFlight.emailsSending ?? 0) : 0;
        const hit = Object.values(rest).some((n) => n > 0) || (emailsSending ?? 0) > claimedBefore;
        this.kills.push({ at, inFlight, hit, after });
      }
      await this.start();
    })();
    this.cycles++;
    await this.ready;
  }

  /** kills that found work in flight */
  get hits(): number {
    return this.kills.filter((k) => k.hit).length;
  }

  /** One line for the log: kills, how many hit work in flight, and the work found, summed by kind. */
  killSummary(): string {
    const total: WorkInFlight = {};
    for (const k of this.kills)
      for (const [kind, n] of Object.entries(k.inFlight)) total[kind] = (total[kind] ?? 0) + (n > 0 ? 1 : 0);
    const ofKind = (after: string) =>
      `${this.kills.filter((k) => k.after === after && k.hit).length} of ${this.kills.filter((k) => k.after === after).length}`;
    const kinds = [...new Set(this.kills.map((k) => k.after))]
      .map((after) => `after ${after}: ${ofKind(after)}`)
      .join('; ');
    const byKind = Object.entries(total)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    const each = this.kills.map((k, i) => `  kill ${i + 1} (${k.after}): ${JSON.stringify(k.inFlight)}`).join('\n');
    return `${this.kills.length} kills, ${this.hits} with work in flight (${kinds}; kills that found unfinished: ${byKind})\n${each}`;
  }

  /** a request (or several) with a kill -9 somewhere during it or right after it */
  async underFire<T>(request: Promise<T>, maxPauseMs = 120): Promise<T> {
    const [answer] = await Promise.all([request, this.cycle(maxPauseMs, 'a request being served')]);
    return answer;
  }

  async api(method: string, url: string, body?: unknown, token?: string, key?: string): Promise<Answer> {
    for (let tries = 0; ; tries++) {
      await this.ready;
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}${url}`, {
          method,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      } catch (err) {
        if (tries >= 100) throw err;
        this.resent++;
        await sleep(50);
      }
    }
  }
}

/** Settled: nothing unfinished, but for emails claimed by a worker a kill stopped (sent again when their lease ends). */
export async function settled(databaseUrl: string): Promise<boolean> {
  const { emailsSending: _waitingForLease, ...rest } = await workInFlight(databaseUrl);
  return Object.values(rest).every((n) => n === 0);
}

export async function until(what: string, check: () => Promise<boolean>, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}
