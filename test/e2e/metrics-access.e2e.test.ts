import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PasswordResets } from '../../src/identity/password-reset/password-reset.controller';
import { startMetricsServer } from '../../src/operations/metrics-server';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { METRICS_TOKEN, startTestApp, TestApp } from '../support/test-app';

/** Counters and histogram counts: what moves by whole requests and events (not timings or memory). */
const COUNTED =
  /^(events_appended_total|command_duration_seconds_count|subscription_events_processed_total|projection_delay_seconds_count|http_request_duration_seconds_count|job_runs_total)\b/;

function counters(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!COUNTED.test(line)) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}
const delta = (before: Map<string, number>, after: Map<string, number>) =>
  Object.fromEntries(
    [...after].filter(([k, v]) => v !== (before.get(k) ?? 0)).map(([k, v]) => [k, v - (before.get(k) ?? 0)]),
  );

describe('who reads the metrics', () => {
  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    });
    afterAll(() => t.close());
    const scrape = async () => {
      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      return res.text;
    };

    it('answers the token only: not anonymous callers, not a wrong token, not an admin sign-in', async () => {
      const anonymous = await t.http.get('/metrics');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(anonymous.text).not.toContain('http_request_duration_seconds');
      expect((await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
      expect((await t.http.get('/metrics').set('Authorization', `Bearer ${await t.login()}`)).status).toBe(401);
      expect(await scrape()).toMatch(/http_request_duration_seconds_count/);
    });

    it('moves no counter differently for a password reset of a known and of an unknown email', async () => {
      const settle = async () => {
        await t.app.get(PasswordResets).settled();
        await t.app.get(SubscriptionsService).waitForAll(10_000);
      };
      await settle();
      const before = counters(await scrape());
      expect((await t.http.post('/api/v1/auth/password-reset').send({ email: 'owner@cedarheights.test' })).status).toBe(
        202,
      );
      await settle();
      const afterKnown = counters(await scrape());
      expect((await t.http.post('/api/v1/auth/password-reset').send({ email: 'nobody@example.com' })).status).toBe(202);
      await settle();
      const afterUnknown = counters(await scrape());
      const known = delta(before, afterKnown);
      expect(known).toEqual(delta(afterKnown, afterUnknown));
      expect(Object.keys(known).join('\n')).not.toMatch(/PasswordReset/);
    });
  });

  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    let server: Server | undefined;
    beforeAll(async () => {
      t = await startTestApp({ env: { METRICS_TOKEN: '' } });
    });
    afterAll(async () => {
      server?.close();
      await t.close();
    });

    it('the public port has no metrics (404)', async () => {
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('http_request_duration_seconds');
    });

    it('METRICS_PORT serves them on a listener of its own, on loopback by default, and nothing else there', async () => {
      expect(await startMetricsServer(t.app, { metricsPort: undefined, metricsHost: '127.0.0.1' })).toBeUndefined();
      server = await startMetricsServer(t.app, { metricsPort: 0, metricsHost: '127.0.0.1' });
      const { address, port } = server!.address() as AddressInfo;
      expect(address).toBe('127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/process_resident_memory_bytes/);
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`)).status).toBe(404);
    });
  });
});
