import { Logger } from '@nestjs/common';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** Shared pieces of the benchmarks: the embedded database, the app as a child process, tables. */

export const ADMIN = { email: 'bench@cedarheights.test', password: 'bench-password-123' };
/** GET /metrics answers `Authorization: Bearer <this>` only. */
export const METRICS_TOKEN = 'bench-metrics-token-bench-metrics-token';
const quiet = { log() {}, debug() {}, warn() {}, error() {} } as never;

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
}

export interface BenchDatabase extends EmbeddedDatabase {
  dataDir: string;
  dispose(): Promise<void>;
  /** another database on the same server */
  create(name: string): Promise<string>;
}

/** The embedded PostgreSQL `npm start` uses, with its default settings, in a scratch directory. */
export async function benchDatabase(label: string, settings?: Record<string, string>): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `cedar-bench-${label}-`));
  const db = await startEmbeddedPostgres({ dataDir, logger: quiet, settings });
  return {
    ...db,
    dataDir,
    async create(name: string) {
      const admin = new Client({ connectionString: db.adminUrl('postgres') });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      return db.adminUrl(name);
    },
    async dispose() {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  base: string;
  stop(): Promise<void>;
}

/** The built app (dist/src/main.js) in its own process on `databaseUrl`. */
export async function startApp(
  databaseUrl: string,
  dataDir: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(__dirname, '../src/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PAYMENT_GATEWAY: 'simulated',
      PORT: String(port),
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ENROLLMENT_RATE_LIMIT_PER_MINUTE: '1000000',
      METRICS_TOKEN,
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (
    const started = Date.now();
    !(await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    ));
  ) {
    if (child.exitCode !== null) throw new Error('the app exited while starting');
    if (Date.now() - started > 90_000) throw new Error('the app did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    port,
    base,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The CPU profiler of a process started with `--inspect=127.0.0.1:<port>`, over the inspector
 * protocol, to profile a window (one endpoint's load) instead of the process's whole life.
 * Needs a WebSocket client: Node 20 runs the benchmarks with --experimental-websocket.
 */
export async function inspectorProfiler(
  port: number,
): Promise<{ profile<T>(file: string, work: () => Promise<T>): Promise<T>; close(): void }> {
  const Socket = (
    globalThis as {
      WebSocket?: new (url: string) => {
        onopen: unknown;
        onerror: unknown;
        onmessage: unknown;
        send(data: string): void;
        close(): void;
      };
    }
  ).WebSocket;
  if (!Socket) throw new Error('profiling needs a WebSocket client: run node with --experimental-websocket');
  let targets: { webSocketDebuggerUrl: string }[] = [];
  for (let tries = 0; targets.length === 0; tries++) {
    targets = await fetch(`http://127.0.0.1:${port}/json/list`).then(
      (r) => r.json() as Promise<typeof targets>,
      () => [],
    );
    if (targets.length === 0) {
      if (tries > 50) throw new Error('the inspector did not answer');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ws = new Socket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  const pending = new Map<number, (result: unknown) => void>();
  let next = 0;
  ws.onmessage = (m: { data: string }) => {
    const message = JSON.parse(m.data) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  const send = (method: string, params?: object) =>
    new Promise<unknown>((resolve) => {
      pending.set(++next, resolve);
      ws.send(JSON.stringify({ id: next, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  return {
    async profile(file, work) {
      await send('Profiler.start');
      try {
        return await work();
      } finally {
        const { profile } = (await send('Profiler.stop')) as { profile: unknown };
        writeFileSync(file, JSON.stringify(profile));
        process.stderr.write(`CPU profile of the app: ${file}\n`);
      }
    },
    close: () => ws.close(),
  };
}

export async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  statuses: Record<number, number>;
}

/** autocannon against the app; latencies from every response, not autocannon's histogram buckets. */
export async function load(options: {
  base: string;
  token?: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests?: autocannon.Request[];
  method?: string;
  path?: string;
  /** requests per second over all connections (an open load); omitted: each connection sends as fast as answered */
  rate?: number;
}): Promise<LoadResult> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  const instance = autocannon({
    url: options.base + (options.path ?? ''),
    method: (options.method ?? 'GET') as 'GET',
    connections: options.connections,
    duration: options.amount ? undefined : (options.duration ?? 10),
    amount: options.amount,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      'content-type': 'application/json',
    },
    requests: options.requests,
    overallRate: options.rate,
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const r1 = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: r1(percentile(times, 50)),
    p99: r1(percentile(times, 99)),
    rps: Math.round(result.requests.average),
    requests: times.length,
    statuses,
  };
}

/** A markdown table, columns right-aligned except the first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows)
    lines.push(`| ${row.map((c) => (typeof c === 'number' ? c.toLocaleString('en-CA') : c)).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

export function run(main: () => Promise<void>): void {
  Logger.overrideLogger(['warn', 'error']); // migrations and boot logs would bury the tables
  // Idle pool connections (ours, a peer's) see the server stop at the end: not a failure.
  process.on('uncaughtException', (err: Error & { code?: string }) => {
    if (err.code === '57P01' || /terminating connection|Connection terminated/.test(err.message)) return;
    process.stderr.write(`${err.stack ?? String(err)}\n`);
    process.exit(1);
  });
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ: 100 on every Linux build in use). */
const CLOCK_TICKS = 100;

/** A process's CPU time so far, user + system, in seconds, and its parent's pid (Linux /proc); null when gone. */
interface ProcessStat {
  cpu: number;
  exitedChildrenCpu: number;
  parent: number;
}

function processStat(pid: number): ProcessStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces, in parentheses): state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = (field: number) => Number(fields[field - 3]);
    return { cpu: (at(14) + at(15)) / CLOCK_TICKS, exitedChildrenCpu: (at(16) + at(17)) / CLOCK_TICKS, parent: at(4) };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the app processes and by the PostgreSQL server of `dataDir` (the
 * postmaster, its live backends and those that exited), or null where /proc cannot say (not Linux).
 */
export function cpuUse(
  appPids: readonly number[],
  dataDir: string,
): { app: number; perApp: number[]; database: number } | null {
  if (process.platform !== 'linux') return null;
  const pgDir = path.join(dataDir, 'pg');
  let postmaster: number | undefined;
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  for (const pid of all) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes(pgDir) && path.basename(args[0]) === 'postgres') postmaster = pid;
    } catch {
      /* gone meanwhile */
    }
  }
  if (postmaster === undefined) return null;
  const server = processStat(postmaster);
  if (!server) return null;
  let database = server.cpu + server.exitedChildrenCpu;
  for (const pid of all) {
    const backend: ProcessStat | null = pid === postmaster ? null : processStat(pid);
    if (backend?.parent === postmaster) database += backend.cpu;
  }
  const perApp = appPids.map((pid) => processStat(pid)?.cpu ?? 0);
  return { app: perApp.reduce((sum, cpu) => sum + cpu, 0), perApp, database };
}
