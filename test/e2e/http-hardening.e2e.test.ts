import { loadConfig } from '../../src/config/config';
import { Foreground } from '../../src/subscriptions/foreground';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

describe('HTTP hardening: security headers, CORS, body size, sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        CORS_ORIGINS: 'https://academy.example, https://admin.academy.example/',
        LOGIN_RATE_LIMIT_PER_MINUTE: '3',
      },
    });
  });
  afterAll(() => t.close());

  it('counts a request as foreground work from its arrival until a moment after its answer', async () => {
    const foreground = t.app.get(Foreground);
    await new Promise((r) => setTimeout(r, 150));
    expect(foreground.busy).toBe(false);
    const answered = t.http.get('/health/live').then((res) => {
      // its answer ended an instant ago: still foreground
      expect(foreground.busy).toBe(true);
      return res;
    });
    expect((await answered).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(foreground.busy).toBe(false);
  });

  it("sends helmet's security headers and no X-Powered-By", async () => {
    const res = await t.http.get('/health');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
    // the Swagger UI page keeps the other headers, without a CSP that would stop its scripts
    const docs = await t.http.get('/docs/');
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('allows only the configured origins', async () => {
    const allowed = await t.http.get('/api/v1/public/teachers').set('Origin', 'https://academy.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://academy.example');
    const trailingSlashConfigured = await t.http.get('/health').set('Origin', 'https://admin.academy.example');
    expect(trailingSlashConfigured.headers['access-control-allow-origin']).toBe('https://admin.academy.example');
    const other = await t.http.get('/api/v1/public/teachers').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http
      .options('/api/v1/auth/login')
      .set('Origin', 'https://academy.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });

  it('allows no origin unless CORS_ORIGINS says so', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ CORS_ORIGINS: 'javascript:alert(1)' })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses a JSON body over 100 kb with 413 and a JSON problem, before any handler', async () => {
    const res = await t.http
      .post('/api/v1/enrollments')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ studentFirstName: 'x'.repeat(150 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
  });

  it('limits sign-ins per address (429 past the limit), and that limit only', async () => {
    const attempts = [];
    for (let i = 0; i < 4; i++)
      attempts.push(
        (await t.http.post('/api/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password })).status,
      );
    expect(attempts).toEqual([200, 200, 200, 429]);
    const refused = await t.http.post('/api/v1/auth/login').send({ email: ADMIN.email, password: ADMIN.password });
    expect(refused.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^too many requests from this address; try again in \d+ seconds?$/),
    });
    // The standard header, in seconds, and nothing of the limiter's own naming.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['retry-after-login']).toBeUndefined();
    // other routes are not limited by it
    expect((await t.http.get('/api/v1/public/teachers')).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/password-reset').send({ email: 'someone@example.com' })).status).toBe(202);
  });
});
