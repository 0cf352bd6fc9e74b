import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { portFrom } from './ports';
import { startTestApp, TestApp, TestAppOptions } from './test-app';

export interface WebApp {
  t: TestApp;
  /** where the app listens, and PUBLIC_URL: the links in its emails point here */
  base: string;
  admin: string;
  as<T extends { set(k: string, v: string): T }>(req: T, token?: string): T;
  /** the newest email of a template to an address, read as the office reads it: GET /api/v1/admin/emails/:id */
  email(to: string, template: string): Promise<{ id: string; text: string; html: string }>;
  /** the first link in an email's text that starts with PUBLIC_URL + path */
  linkIn(text: string, path: string): string;
  /** an enrollment once its workflow stopped moving */
  settled(enrollmentId: string): Promise<{ status: string; [k: string]: unknown }>;
}

/** The whole app listening on a port of the `web` block, with PUBLIC_URL set to it, for a browser to open. */
export async function startWebApp(options: TestAppOptions = {}): Promise<WebApp> {
  const port = await portFrom('web');
  const base = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ ...options, env: { PUBLIC_URL: base, ...options.env } });
  await t.app.listen(port, '127.0.0.1');
  const admin = await t.login();
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  return {
    t,
    base,
    admin,
    as,
    async email(to, template) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        await t.app.get(SubscriptionsService).waitForAll(15_000);
        const list = await as(t.http.get('/api/v1/admin/emails')).query({ recipient: to.toLowerCase(), template });
        const newest = list.body.items?.[0];
        if (newest) {
          const one = await as(t.http.get(`/api/v1/admin/emails/${newest.id}`));
          return { id: newest.id, text: one.body.text, html: one.body.html };
        }
        if (Date.now() > deadline) throw new Error(`no ${template} email to ${to}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    linkIn(text, path) {
      const escaped = `${base}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const m = new RegExp(`${escaped}[^\\s"<>]*`).exec(text);
      if (!m) throw new Error(`no ${base}${path} link in:\n${text}`);
      return m[0];
    },
    async settled(enrollmentId) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        await t.app.get(SubscriptionsService).waitForAll(15_000);
        const body = (await as(t.http.get(`/api/v1/enrollments/${enrollmentId}`))).body;
        if (!['pending', 'running'].includes(body.status) || Date.now() > deadline) return body;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** Every weekday 09:00–20:00: a demo lesson can be booked whenever the test runs. */
export const ALL_WEEK = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
    d,
    [{ start: '09:00', end: '20:00' }],
  ]),
);
