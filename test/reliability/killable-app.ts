import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

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
  private child?: ChildProcess;
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly port: number, private readonly env: Record<string, string>, private readonly random: () => number) {}

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', PORT: String(this.port), ...this.env }, stdio: ['ignore', 'ignore', 'inherit'] });
    this.child = child;
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error('app exited while starting');
      if (await fetch(`http://127.0.0.1:${this.port}/health`).then((r) => r.ok, () => false)) return;
      await sleep(100);
    }
    throw new Error('app did not start');
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** kill -9 after a seeded pause of up to maxPauseMs, then boot again; requests meanwhile wait */
  async cycle(maxPauseMs: number): Promise<void> {
    await sleep(Math.floor(this.random() * maxPauseMs));
    this.ready = (async () => {
      await this.kill();
      await this.start();
    })();
    this.cycles++;
    await this.ready;
  }

  /** a request (or several) with a kill -9 somewhere during it or right after it */
  async underFire<T>(request: Promise<T>, maxPauseMs = 120): Promise<T> {
    const [answer] = await Promise.all([request, this.cycle(maxPauseMs)]);
    return answer;
  }

  async api(method: string, url: string, body?: unknown, token?: string, key?: string): Promise<Answer> {
    for (let tries = 0; ; tries++) {
      await this.ready;
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}${url}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { 'idempotency-key': key } : {}) },
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

export async function until(what: string, check: () => Promise<boolean>, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}
