import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { LoginLockout } from '../../src/identity/sessions/login-lockout';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

/** Shorter than the default 2 s, yet well above what a sign-in takes unslowed. */
const SLOW_DOWN_MAX_MS = 1500;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter?: string;
  ms: number;
}

/**
 * Failed sign-ins lock an email from one client address only; from elsewhere they only slow it.
 * The app counts clients by their socket address (it trusts no proxy header), so each client of
 * these tests connects from its own loopback address (127.0.0.2, 127.0.0.3, …).
 */
describe('sign-in lockout, per email and client', () => {
  let t: TestApp;
  let port: number;

  const signIn = (from: string, email: string, password: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const started = Date.now();
      const payload = JSON.stringify({ email, password });
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text),
              retryAfter: res.headers['retry-after'] as string | undefined,
              ms: Date.now() - started,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_SLOWDOWN_MAX_MS: String(SLOW_DOWN_MAX_MS) } });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('an attacker cycling addresses from one client locks only themselves out: the admin signs in from their own', async () => {
    const attacker = '127.0.0.2';
    const targets = [ADMIN.email, 'nobody-1@example.com', 'nobody-2@example.com', 'nobody-3@example.com'];
    for (let round = 0; round < 8; round++) {
      for (const email of targets)
        expect([401, 429]).toContain((await signIn(attacker, email, `guess-${round}`)).status);
    }
    // Locked there, the same way for the real account and an unknown email, right password or not.
    const real = await signIn(attacker, ADMIN.email, ADMIN.password);
    const ghost = await signIn(attacker, 'nobody-1@example.com', ADMIN.password);
    expect(real.status).toBe(429);
    expect(ghost.status).toBe(429);
    expect(ghost.body).toEqual(real.body);
    expect(Math.abs(Number(ghost.retryAfter) - Number(real.retryAfter))).toBeLessThanOrEqual(2); // locked moments apart

    const own = await signIn('127.0.0.1', ADMIN.email, ADMIN.password);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ user: { email: ADMIN.email, role: 'admin' } });
  });

  it('failures from several clients lock each of them, and only slow the email: the admin still gets in, unknown emails answer alike', async () => {
    const clients = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
    await Promise.all(
      clients.map(async (from) => {
        for (let i = 0; i < 5; i++) {
          expect((await signIn(from, ADMIN.email, `guess-${i}`)).status).toBe(401);
          expect((await signIn(from, 'ghost@example.com', `guess-${i}`)).status).toBe(401);
        }
        expect((await signIn(from, ADMIN.email, ADMIN.password)).status).toBe(429);
      }),
    );
    // From a client that did not fail: slowed, not refused; an unknown email waits just as long.
    const lockout = t.app.get(LoginLockout);
    expect(await lockout.brake(ADMIN.email, '127.0.0.8', new Date())).toEqual({
      lockedForMs: 0,
      slowDownMs: SLOW_DOWN_MAX_MS,
    });
    expect(await lockout.brake('ghost@example.com', '127.0.0.8', new Date())).toEqual({
      lockedForMs: 0,
      slowDownMs: SLOW_DOWN_MAX_MS,
    });
    const ghost = await signIn('127.0.0.8', 'ghost@example.com', 'guess-again');
    const wrong = await signIn('127.0.0.8', ADMIN.email, 'guess-again');
    expect(ghost.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(ghost.body).toEqual(wrong.body);
    expect(ghost.ms).toBeGreaterThanOrEqual(SLOW_DOWN_MAX_MS - 50);
    expect(wrong.ms).toBeGreaterThanOrEqual(SLOW_DOWN_MAX_MS - 50);
    const own = await signIn('127.0.0.1', ADMIN.email, ADMIN.password);
    expect(own.status).toBe(200);
    expect(own.ms).toBeGreaterThanOrEqual(SLOW_DOWN_MAX_MS - 50);
    // The owner got in: the slow-down of that email starts again (the other clients' locks stay).
    expect(await lockout.brake(ADMIN.email, '127.0.0.8', new Date())).toEqual({ lockedForMs: 0, slowDownMs: 0 });
    expect((await lockout.brake(ADMIN.email, '127.0.0.3', new Date())).lockedForMs).toBeGreaterThan(0);
  }, 60_000);

  it('without TRUST_PROXY, a made-up X-Forwarded-For does not escape the lock', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await signIn('127.0.0.9', 'spoof@example.com', 'guess', { 'X-Forwarded-For': `198.51.100.${i}` })).status,
      ).toBe(401);
    expect(
      (await signIn('127.0.0.9', 'spoof@example.com', 'guess', { 'X-Forwarded-For': '198.51.100.99' })).status,
    ).toBe(429);
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    });
    afterAll(() => proxied.close());
    const via = (client: string, password: string) =>
      proxied.http.post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email: ADMIN.email, password });

    it('clients are told apart by the address the proxy forwards: one locks only itself', async () => {
      for (let i = 0; i < 5; i++) expect((await via('203.0.113.5', `guess-${i}`)).status).toBe(401);
      expect((await via('203.0.113.5', ADMIN.password)).status).toBe(429);
      expect((await via('198.51.100.7', ADMIN.password)).status).toBe(200);
    });
  });
});
