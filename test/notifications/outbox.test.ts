import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import { ormOptions } from '../../src/database/orm.config';
import * as selectRowsModule from '../../src/database/select-rows';
import { LocalMailer } from '../../src/notifications/local.mailer';
import { MailPort } from '../../src/notifications/mail.port';
import { createMailer } from '../../src/notifications/notifications.module';
import { NotificationOutbox } from '../../src/notifications/notification-outbox';
import {
  DEFAULT_OUTBOX_WORKER_OPTIONS,
  OutboxWorker,
  OutboxWorkerOptions,
} from '../../src/notifications/outbox.worker';
import { SendGridMailer } from '../../src/notifications/sendgrid.mailer';
import { createTestDatabase, TestDatabase } from '../support/database';
import { lesson, migrateWithOutbox, SendGridStandIn, sleep, startSendGridStandIn } from './support';

const API_KEY = 'SG.test-key';
const FROM = 'office@cedarheights.test';
const config = loadConfig({ SENDGRID_API_KEY: API_KEY, MAIL_FROM: FROM, ACADEMY_TIMEZONE: 'America/Halifax' });

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
  due_in_ms: number;
}

describe('notification outbox and worker against a SendGrid stand-in', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let standIn: SendGridStandIn;
  let outbox: NotificationOutbox;

  const worker = (mailer: MailPort, options: Partial<OutboxWorkerOptions> = {}, em = orm.em) =>
    new OutboxWorker(em, mailer, { ...DEFAULT_OUTBOX_WORKER_OPTIONS, enabled: false, ...options });
  const sendgrid = (url = standIn.url) => new SendGridMailer({ apiKey: API_KEY, from: FROM, baseUrl: url });
  const row = async (id: string): Promise<Row> => {
    const [r] = await orm.em.fork().execute<Row[]>(
      `SELECT id, status, attempts, last_error, provider_message_id, sent_at,
              (extract(epoch FROM next_attempt_at - now()) * 1000)::int AS due_in_ms
         FROM email_outbox WHERE id = ?`,
      [id],
    );
    return r;
  };
  const schedule = (key: string, to = 'parent@example.com') =>
    outbox.request({
      key,
      to,
      template: 'lesson-scheduled',
      data: lesson,
      causedByEventId: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b',
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('notifications_outbox');
    await migrateWithOutbox(database.url);
    orm = await MikroORM.init(ormOptions(database.url));
    outbox = new NotificationOutbox(orm.em, config);
    standIn = await startSendGridStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await orm.close(true);
    await database.drop();
  });
  beforeEach(async () => {
    await orm.em.fork().execute('TRUNCATE email_outbox');
    standIn.received.length = 0;
    standIn.delayMs = 0;
  });

  it('picks SendGrid only when an API key is configured', () => {
    expect(createMailer(config, standIn.url)).toBeInstanceOf(SendGridMailer);
    expect(createMailer(loadConfig({}))).toBeInstanceOf(LocalMailer);
    expect(() => createMailer(config, 'ftp://nope')).toThrow(/SENDGRID_API_URL/);
  });

  describe('idempotency', () => {
    it('the same key twice makes one row, keeping the first request', async () => {
      const first = await schedule('lesson-scheduled:evt-1:parent@example.com');
      const second = await outbox.request({
        key: 'lesson-scheduled:evt-1:parent@example.com',
        to: 'someone-else@example.com',
        template: 'lesson-scheduled',
        data: { ...lesson, studentName: 'Somebody Else' },
      });
      expect(first).toEqual({ id: expect.any(String), created: true, status: 'pending' });
      expect(second).toEqual({ id: first.id, created: false, status: 'pending' });
      const rows = await orm.em
        .fork()
        .execute('SELECT id, recipient, subject, status, attempts, caused_by_event_id FROM email_outbox');
      expect(rows).toEqual([
        {
          id: first.id,
          recipient: 'parent@example.com',
          subject: 'Lesson booked: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
          status: 'pending',
          attempts: 0,
          caused_by_event_id: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b',
        },
      ]);
    });

    it('concurrent requests with one key make one row', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, () => schedule('same-key')));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await orm.em.fork().execute('SELECT count(*)::int AS n FROM email_outbox')).toEqual([{ n: 1 }]);
    });

    it('refuses what is a programming error (no key, a cause that is not an event id) before storing anything', async () => {
      await expect(
        outbox.request({ key: ' ', to: 'parent@example.com', template: 'lesson-scheduled', data: lesson }),
      ).rejects.toMatchObject({
        code: 'EMAIL_KEY_INVALID',
      });
      await expect(
        outbox.request({
          key: 'k3',
          to: 'parent@example.com',
          template: 'lesson-scheduled',
          data: lesson,
          causedByEventId: 'evt-1',
        }),
      ).rejects.toMatchObject({ code: 'EMAIL_CAUSE_INVALID' });
      await expect(
        outbox.request({ key: 'k4', to: 'parent@example.com', template: 'no-such' as never, data: lesson }),
      ).rejects.toMatchObject({
        code: 'UNKNOWN_EMAIL_TEMPLATE',
      });
      expect(await orm.em.fork().execute('SELECT count(*)::int AS n FROM email_outbox')).toEqual([{ n: 0 }]);
    });

    it('records missing template data and invalid recipients as failed rows with the reason; the rest of the queue is sent', async () => {
      const good1 = await schedule('good-1');
      const missing = await outbox.request({
        key: 'missing-data',
        to: 'parent@example.com',
        template: 'lesson-cancelled',
        data: lesson,
      });
      const badTo = await outbox.request({
        key: 'bad-to',
        to: 'not-an-address',
        template: 'lesson-scheduled',
        data: lesson,
      });
      const both = await outbox.request({
        key: 'both',
        to: '',
        template: 'lesson-reminder',
        data: { ...lesson, startsAt: 'tomorrow' },
      });
      const good2 = await schedule('good-2', 'other@example.com');
      expect(missing).toEqual({
        id: expect.any(String),
        created: true,
        status: 'failed',
        error: 'template lesson-cancelled: makeupCredit is required',
      });
      expect(badTo).toMatchObject({ created: true, status: 'failed', error: 'not an email address: not-an-address' });
      expect(both.error).toBe(
        'not an email address: ; template lesson-reminder: startsAt must be an ISO-8601 date-time with an offset, e.g. 2026-11-02T20:00:00Z; durationMinutes is required',
      );
      // the same key again: the same failed row, nothing added
      expect(
        await outbox.request({ key: 'bad-to', to: 'not-an-address', template: 'lesson-scheduled', data: lesson }),
      ).toMatchObject({
        id: badTo.id,
        created: false,
        status: 'failed',
      });

      expect(await worker(sendgrid()).drain()).toBe(2);
      expect(standIn.received.map((r) => r.body.custom_args.outbox_id).sort()).toEqual([good1.id, good2.id].sort());
      expect(await row(missing.id)).toMatchObject({
        status: 'failed',
        attempts: 0,
        last_error: 'template lesson-cancelled: makeupCredit is required',
        sent_at: null,
      });
      expect(await row(badTo.id)).toMatchObject({
        status: 'failed',
        attempts: 0,
        last_error: 'not an email address: not-an-address',
      });
      expect(await row(good1.id)).toMatchObject({ status: 'sent' });
      expect(await row(good2.id)).toMatchObject({ status: 'sent' });
      const [stored] = await orm.em
        .fork()
        .execute('SELECT recipient, template, subject, text_body FROM email_outbox WHERE id = ?', [missing.id]);
      expect(stored).toEqual({
        recipient: 'parent@example.com',
        template: 'lesson-cancelled',
        subject: '(not rendered: lesson-cancelled)',
        text_body: '',
      });
    });
  });

  describe('sending through the SendGrid SDK', () => {
    it('202: sends to, from, subject and both bodies with the API key, and marks the row sent', async () => {
      const { id } = await schedule('ok-1');
      expect(await worker(sendgrid()).drain()).toBe(1);

      expect(standIn.received).toHaveLength(1);
      const [req] = standIn.received;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/v3/mail/send');
      expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(req.body.personalizations).toEqual([{ to: [{ email: 'parent@example.com' }] }]);
      expect(req.body.from).toEqual({ email: FROM });
      expect(req.body.subject).toBe(
        'Lesson booked: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
      );
      expect(req.body.content.map((c: { type: string }) => c.type)).toEqual(['text/plain', 'text/html']);
      expect(req.body.content[0].value).toContain('is booked for Monday, November 2, 2026 at 4:00 PM AST.');
      expect(req.body.custom_args).toEqual({ outbox_id: id });

      expect(await row(id)).toMatchObject({
        status: 'sent',
        attempts: 1,
        last_error: null,
        provider_message_id: expect.stringMatching(/^msg-\d+$/),
        sent_at: expect.any(String),
      });
      expect(await worker(sendgrid()).drain()).toBe(0);
      expect(standIn.received).toHaveLength(1);
    });

    it('429, then 202: backs off, retries, and is sent on the second attempt', async () => {
      const { id } = await schedule('rate-limited');
      standIn.queue({ status: 429, body: { errors: [{ message: 'too many requests', field: null }] } });
      const w = worker(sendgrid(), { retryBaseMs: 400 });

      expect(await w.drain()).toBe(1);
      const waiting = await row(id);
      expect(waiting).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'SendGrid 429: too many requests',
        sent_at: null,
      });
      expect(waiting.due_in_ms).toBeGreaterThan(200);
      expect(waiting.due_in_ms).toBeLessThanOrEqual(400);

      expect(await w.drain()).toBe(0); // not due yet
      await sleep(450);
      expect(await w.drain()).toBe(1);
      expect(await row(id)).toMatchObject({
        status: 'sent',
        attempts: 2,
        last_error: null,
        provider_message_id: expect.stringMatching(/^msg-/),
      });
      expect(standIn.received).toHaveLength(2);
    });

    it('400 with a SendGrid error body: fails at once with its message, never retried', async () => {
      const { id } = await schedule('bad-sender');
      standIn.queue({
        status: 400,
        body: {
          errors: [
            {
              message: 'The from address does not match a verified Sender Identity.',
              field: 'from',
              help: 'https://sendgrid.com/docs/for-developers/sending-email/sender-identity/',
            },
          ],
        },
      });
      const w = worker(sendgrid(), { retryBaseMs: 1 });
      expect(await w.drain()).toBe(1);
      expect(await row(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'SendGrid 400: The from address does not match a verified Sender Identity. (field from)',
        sent_at: null,
      });
      await sleep(20);
      expect(await w.drain()).toBe(0);
      expect(standIn.received).toHaveLength(1);
    });

    it("a provider's message holding a NUL is kept without it, and the row written beside it is kept too", async () => {
      const ids = [(await schedule('nul-in-message')).id, (await schedule('beside-it')).id];
      // Both go out at once; whichever reaches SendGrid first is refused.
      standIn.queue({ status: 400, body: { errors: [{ message: 'bad\u0000byte', field: null }] } });
      expect(await worker(sendgrid()).drain()).toBe(2);
      const rows = await Promise.all(ids.map(row));
      expect(rows.map((r) => [r.status, r.last_error]).sort()).toEqual([
        ['failed', 'SendGrid 400: badbyte'],
        ['sent', null],
      ]);
    });

    it('500, then 502, then 202: retried with growing back-off, sent on the third attempt', async () => {
      const { id } = await schedule('flaky');
      standIn.queue(
        { status: 500, body: { errors: [{ message: 'internal error', field: null }] } },
        { status: 502, body: 'Bad Gateway' },
      );
      const w = worker(sendgrid(), { retryBaseMs: 100 });
      expect(await w.drain()).toBe(1);
      const first = await row(id);
      expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SendGrid 500: internal error' });
      expect(first.due_in_ms).toBeLessThanOrEqual(100);
      await sleep(120);
      expect(await w.drain()).toBe(1);
      const second = await row(id);
      expect(second).toMatchObject({ status: 'pending', attempts: 2, last_error: 'SendGrid 502: Bad Gateway' });
      expect(second.due_in_ms).toBeGreaterThan(100); // 200 ms: the back-off doubled
      expect(second.due_in_ms).toBeLessThanOrEqual(200);
      await sleep(220);
      expect(await w.drain()).toBe(1);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
      expect(standIn.received).toHaveLength(3);
    });

    it('5xx every time: gives up after maxAttempts (6) as failed', async () => {
      const { id } = await schedule('down');
      standIn.queue(...Array.from({ length: 6 }, () => ({ status: 503, body: 'Service Unavailable' })));
      const w = worker(sendgrid(), { retryBaseMs: 1, retryMaxMs: 5 });
      for (let i = 0; i < 6; i++) {
        await w.drain();
        await sleep(15);
      }
      expect(await row(id)).toMatchObject({
        status: 'failed',
        attempts: 6,
        last_error: 'SendGrid 503: Service Unavailable',
      });
      expect(standIn.received).toHaveLength(6);
    });

    it('an unreachable SendGrid is retried', async () => {
      const gone = await startSendGridStandIn();
      await gone.close();
      const { id } = await schedule('unreachable');
      await worker(sendgrid(gone.url), { retryBaseMs: 60_000 }).drain();
      expect(await row(id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: expect.stringMatching(/^SendGrid unreachable: .*ECONNREFUSED/),
      });
    });
  });

  describe('crashed and concurrent workers', () => {
    it("a row left in 'sending' is due again only once its 5-minute lease has run out", async () => {
      const fresh = await schedule('claimed-just-now');
      const stale = await schedule('claimed-long-ago');
      const em = orm.em.fork();
      await em.execute(
        "UPDATE email_outbox SET status = 'sending', attempts = 1, next_attempt_at = now() + interval '5 minutes' WHERE id = ?",
        [fresh.id],
      );
      await em.execute(
        "UPDATE email_outbox SET status = 'sending', attempts = 1, next_attempt_at = now() - interval '1 second' WHERE id = ?",
        [stale.id],
      );
      expect(await worker(sendgrid()).drain()).toBe(1);
      expect(await row(stale.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await row(fresh.id)).toMatchObject({ status: 'sending', attempts: 1 });
      expect(standIn.received.map((r) => r.body.custom_args.outbox_id)).toEqual([stale.id]);
    });

    it('the lease the worker takes is 5 minutes', async () => {
      const { id } = await schedule('lease');
      standIn.delayMs = 300;
      const draining = worker(sendgrid()).drain();
      await sleep(150);
      const during = await row(id);
      expect(during.status).toBe('sending');
      expect(during.due_in_ms).toBeGreaterThan(4 * 60_000);
      await draining;
      expect((await row(id)).status).toBe('sent');
    });

    it('two instances draining one outbox together send every row exactly once', async () => {
      const second = await MikroORM.init(ormOptions(database.url));
      try {
        const ids = new Set<string>();
        for (let i = 0; i < 100; i++) ids.add((await schedule(`bulk-${i}`, `parent${i}@example.com`)).id);
        standIn.delayMs = 15;
        const a = worker(sendgrid());
        const b = worker(sendgrid(), {}, second.em);
        const [handledA, handledB] = await Promise.all([a.drain(), b.drain()]);

        expect(handledA + handledB).toBe(100);
        expect(Math.min(handledA, handledB)).toBeGreaterThan(0);
        const perRow = new Map<string, number>();
        for (const r of standIn.received)
          perRow.set(r.body.custom_args.outbox_id, (perRow.get(r.body.custom_args.outbox_id) ?? 0) + 1);
        expect(perRow.size).toBe(100);
        expect([...perRow.keys()].every((id) => ids.has(id))).toBe(true);
        expect([...perRow.values()].every((n) => n === 1)).toBe(true);
        expect(
          await orm.em
            .fork()
            .execute('SELECT status, count(*)::int AS n, max(attempts) AS max FROM email_outbox GROUP BY status'),
        ).toEqual([{ status: 'sent', n: 100, max: 1 }]);
      } finally {
        await second.close(true);
      }
    });
  });

  it('three running workers on two pools, with rate limits mid-way: each row is accepted by SendGrid exactly once', async () => {
    const second = await MikroORM.init(ormOptions(database.url));
    const workers = [
      worker(sendgrid(), { enabled: true, pollIntervalMs: 10, batchSize: 7, retryBaseMs: 40 }),
      worker(sendgrid(), { enabled: true, pollIntervalMs: 10, batchSize: 5, retryBaseMs: 40 }, second.em),
      worker(sendgrid(), { enabled: true, pollIntervalMs: 10, batchSize: 9, retryBaseMs: 40 }, second.em),
    ];
    try {
      const ROWS = 300;
      const ids = new Set<string>();
      for (let i = 0; i < ROWS; i++) ids.add((await schedule(`busy-${i}`, `family${i}@example.com`)).id);
      standIn.delayMs = 3;
      standIn.queue(
        ...Array.from({ length: 25 }, () => ({
          status: 429,
          body: { errors: [{ message: 'too many requests', field: null }] },
        })),
      );
      for (const w of workers) w.onApplicationBootstrap();
      const deadline = Date.now() + 30_000;
      let left = ROWS;
      while (left > 0 && Date.now() < deadline) {
        await sleep(50);
        [{ left }] = await orm.em
          .fork()
          .execute<{ left: number }[]>("SELECT count(*)::int AS left FROM email_outbox WHERE status <> 'sent'");
      }
      expect(left).toBe(0);
      const requests = new Map<string, number>();
      for (const r of standIn.received)
        requests.set(r.body.custom_args.outbox_id, (requests.get(r.body.custom_args.outbox_id) ?? 0) + 1);
      expect(standIn.received).toHaveLength(ROWS + 25);
      expect([...requests.keys()].sort()).toEqual([...ids].sort());
      // every request but the 25 refused ones was the row's one accepted send, and the row knows it
      const rows = await orm.em
        .fork()
        .execute<{ id: string; attempts: number }[]>('SELECT id, attempts FROM email_outbox');
      for (const r of rows)
        expect({ id: r.id, attempts: r.attempts }).toEqual({ id: r.id, attempts: requests.get(r.id) });
      expect(rows.reduce((n, r) => n + r.attempts - 1, 0)).toBe(25);
    } finally {
      await Promise.all(workers.map((w) => w.beforeApplicationShutdown()));
      await second.close(true);
    }
  });

  it('a pass records its outcomes together: one claim and one update for five rows', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(async (k) => (await schedule(`together-${k}`)).id));
    const sent: string[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      sent.push((typeof config === 'string' ? config : config.text).trim().split(/\s+/)[0]);
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      expect(await worker(new LocalMailer()).drain()).toBe(5);
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual(['UPDATE', 'UPDATE']);
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'delivered_locally', attempts: 1 });
  });

  it('emails sent whose outcome could not be written stay leased, not queued to be sent again at once', async () => {
    const ids = await Promise.all(['x', 'y'].map(async (k) => (await schedule(`unrecorded-${k}`)).id));
    const original = selectRowsModule.queryRows;
    let failed = false;
    const spy = jest.spyOn(selectRowsModule, 'queryRows').mockImplementation((em, text, values) => {
      if (!failed && text.includes('SET status = v.status')) {
        failed = true;
        return Promise.reject(new Error('the connection was lost'));
      }
      return original(em, text, values);
    });
    try {
      await expect(worker(new LocalMailer()).drain()).rejects.toThrow('the connection was lost');
    } finally {
      spy.mockRestore();
    }
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1, last_error: null });
  });

  it('LocalMailer: rows become delivered_locally', async () => {
    const { id } = await schedule('local');
    expect(await worker(new LocalMailer()).drain()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'delivered_locally',
      attempts: 1,
      sent_at: expect.any(String),
      provider_message_id: null,
    });
    expect(standIn.received).toHaveLength(0);
  });
});
