import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WEB_PAGES } from '../../src/operations/web-pages';
import { startTestApp, TestApp } from '../support/test-app';

const WEB = path.resolve(__dirname, '../../web');

/** The app serves the built web pages outside /api: index.html for the page routes only. */
describe('the web pages, served by the app', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('answers every page route with the built index.html, uncached, under a CSP that allows only same-origin scripts', async () => {
    const index = readFileSync(path.join(WEB, 'dist', 'index.html'), 'utf8');
    for (const page of WEB_PAGES) {
      const res = await t.http.get(page).query({ token: 'x' });
      expect([page, res.status]).toEqual([page, 200]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(index);
      const csp = res.headers['content-security-policy'];
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/default-src 'self'/);
    }
    expect((await t.http.head('/calendar')).status).toBe(200);
  });

  it('the built page has no inline script: its scripts and styles are files under /assets, served immutable', async () => {
    const index = readFileSync(path.join(WEB, 'dist', 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/assets\/[\w.-]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(index).not.toMatch(/\son\w+=/);
    for (const file of readdirSync(path.join(WEB, 'dist', 'assets'))) {
      const res = await t.http.get(`/assets/${file}`);
      expect([file, res.status]).toEqual([file, 200]);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('everything else keeps its own answer: the API, the docs, metrics, unknown assets and paths, other methods', async () => {
    const notFound = ['/api/v1/no-such-route', '/api/v1', '/assets/no-such-file.js', '/assets/', '/no-such-page', '/sign-in/extra', '/index.html', '/enrollments'];
    for (const p of notFound) {
      const res = await t.http.get(p);
      expect([p, res.status]).toEqual([p, 404]);
      expect(res.text).not.toContain('<div id="root">');
    }
    expect((await t.http.get('/api/v1/no-such-route')).body).toMatchObject({ statusCode: 404 });
    // Metrics answer their bearer token only (METRICS_TOKEN is set here), never a page.
    const metrics = await t.http.get('/metrics');
    expect(metrics.status).toBe(401);
    expect(metrics.text).not.toContain('<div id="root">');
    expect((await t.http.post('/sign-in')).status).toBe(404);
    expect((await t.http.get('/docs-json')).body.openapi).toMatch(/^3\./);
    expect((await t.http.get('/health')).status).toBe(200);
    // The family's confirmation page stays server-rendered (it works without script).
    const confirm = await t.http.get('/enrollments/confirm');
    expect(confirm.status).toBe(400);
    expect(confirm.text).not.toContain('<div id="root">');
  });
});
