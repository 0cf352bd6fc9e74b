import { ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { portFrom } from '../support/ports';

/**
 * `npm start` as a newcomer runs it: the built app, no DATABASE_URL, so it starts its own
 * PostgreSQL in DATA_DIR. Signals stop both cleanly; a second start reuses the directory.
 */
const MAIN = path.resolve(__dirname, '../../dist/src/main.js');

interface Running {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, as?: { uid: number; gid: number }): Running {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ?? {}),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port: Number(env.PORT), stdout: () => out, stderr: () => err, exited };
}

async function waitHealthy(app: Running, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null)
      throw new Error(`app exited early (${app.child.exitCode}): ${app.stderr()}\n${app.stdout().slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}/health`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app not healthy in ${timeoutMs} ms: ${app.stderr()}\n${app.stdout().slice(-2000)}`);
}

async function api(port: number, method: string, url: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const ADMIN = { ADMIN_EMAIL: 'boot@cedarheights.test', ADMIN_PASSWORD: 'boot-password-123' };

describe('npm start on the embedded database', () => {
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: npm test builds it first (tsc), run the tests through npm test`);
  });

  it('serves, stops cleanly on SIGTERM and SIGINT, and keeps its data across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-boot-'));
    const env = { DATA_DIR: dataDir, PORT: String(await portFrom('boot')), ...ADMIN };
    try {
      const first = start(env);
      await waitHealthy(first);
      const login = await api(first.port, 'POST', '/api/v1/auth/login', {
        email: ADMIN.ADMIN_EMAIL,
        password: ADMIN.ADMIN_PASSWORD,
      });
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      const created = await api(
        first.port,
        'POST',
        '/api/v1/teachers',
        {
          firstName: 'Ravi',
          lastName: 'Shankar',
          email: 'ravi@example.com',
          instruments: ['guitar'],
          hourlyRate: 90,
          availability: { friday: [{ start: '12:00', end: '18:00' }] },
        },
        token,
      );
      expect(created.status).toBe(201);

      // The web page behind the emails' set-password links (web/, built by npm run build), and its script.
      const page = await fetch(`http://127.0.0.1:${first.port}/set-password?token=abc`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      const script = /src="(\/assets\/[\w.-]+\.js)"/.exec(html)![1];
      expect((await fetch(`http://127.0.0.1:${first.port}${script}`)).status).toBe(200);

      // Logs are JSON lines, with the request's correlation id.
      const lines = first
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.some((l) => JSON.parse(l).correlationId)).toBe(true);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

      const second = start(env);
      await waitHealthy(second);
      const again = await api(second.port, 'POST', '/api/v1/auth/login', {
        email: ADMIN.ADMIN_EMAIL,
        password: ADMIN.ADMIN_PASSWORD,
      });
      const list = await api(second.port, 'GET', '/api/v1/teachers', undefined, again.body.accessToken as string);
      expect((list.body.items as { lastName: string }[]).map((x) => x.lastName)).toEqual(['Shankar']);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('recovers when the previous run was killed and left its PostgreSQL running', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-kill-'));
    const env = { DATA_DIR: dataDir, PORT: String(await portFrom('boot')), ...ADMIN };
    try {
      const first = start(env);
      await waitHealthy(first);
      first.child.kill('SIGKILL');
      await first.exited;
      const second = start(env);
      await waitHealthy(second);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  (root ? it : it.skip)('runs as an ordinary user too (here: nobody)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-user-'));
    chownSync(dataDir, 65534, 65534);
    const env = { DATA_DIR: dataDir, PORT: String(await portFrom('boot')), HOME: dataDir, ...ADMIN };
    try {
      const app = start(env, { uid: 65534, gid: 65534 });
      await waitHealthy(app);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad configuration, naming the variable', async () => {
    const app = start({ DATA_DIR: '/nonexistent', PORT: 'eighty', ACADEMY_TIMEZONE: 'Mars/Olympus' });
    expect(await app.exited).toBe(78);
    expect(app.stderr()).toMatch(/PORT must be a whole number/);
    expect(app.stderr()).toMatch(/ACADEMY_TIMEZONE/);
  });

  it('refuses a production database without Stripe unless the simulator is asked for', async () => {
    const app = start({
      DATA_DIR: '/nonexistent',
      PORT: '3999',
      DATABASE_URL: 'postgres://academy:academy@127.0.0.1:1/academy',
    });
    expect(await app.exited).toBe(78);
    expect(app.stderr()).toMatch(/DATABASE_URL is set but STRIPE_SECRET_KEY is not/);
    expect(app.stderr()).toMatch(/PAYMENT_GATEWAY=simulated/);
  });
});
