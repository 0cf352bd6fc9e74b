import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { configureHttp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { CoreModule } from '../../src/core.module';
import { ormOptions } from '../../src/database/orm.config';
import { Sessions } from '../../src/identity/sessions/sessions.service';
import { IdentityModule } from '../../src/identity/identity.module';
import { NotificationOutbox } from '../../src/notifications/notification-outbox';
import { NotificationsModule } from '../../src/notifications/notifications.module';
import { OperationsModule } from '../../src/operations/operations.module';
import { createTestDatabase, TestDatabase } from '../support/database';
import { lesson, migrateWithOutbox, sleep } from './support';

/**
 * The notifications module inside the app's own HTTP stack (auth guard, validation, problem
 * filter), built here because app.module.ts does not import it yet.
 */
describe('GET /api/v1/admin/emails', () => {
  let database: TestDatabase;
  let dataDir: string;
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  let admin: string;
  let teacher: string;
  const loggedErrors: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('notifications_admin');
    await migrateWithOutbox(database.url);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-notifications-'));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      ADMIN_EMAIL: 'owner@cedarheights.test',
      ADMIN_PASSWORD: 'correct-horse-battery',
    });
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void loggedErrors.push(String(message)));
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, databaseUrl: database.url, subscriptions: { enabled: false } }),
        MikroOrmModule.forRoot({ ...ormOptions(database.url), registerRequestContext: false }),
        CqrsModule.forRoot(),
        OperationsModule,
        IdentityModule,
        NotificationsModule.forRoot({ pollIntervalMs: 50 }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureHttp(app);
    await app.init();
    http = request(app.getHttpServer());
    // Signed-in sessions (the guard checks the sign-in is on), for users the test does not register.
    const sessions = app.get(Sessions);
    admin = (
      await sessions.start({
        id: '00000000-0000-4000-8000-000000000001',
        email: 'owner@cedarheights.test',
        role: 'admin',
      })
    ).accessToken;
    teacher = (
      await sessions.start({ id: '00000000-0000-4000-8000-000000000002', email: 'clara@example.com', role: 'teacher' })
    ).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    expect(loggedErrors).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  const list = (query = '', token = admin) =>
    http.get(`/api/v1/admin/emails${query}`).set('Authorization', `Bearer ${token}`);
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) =>
    app.get(EntityManager).fork().execute<T[]>(q, params);

  const ids: Record<string, string> = {};

  it('the running worker delivers requested emails locally (no SendGrid key)', async () => {
    const outbox = app.get(NotificationOutbox);
    const requests = [
      ['s1', 'Parent.One@example.com', 'lesson-scheduled', lesson],
      ['s2', 'parent.two@example.com', 'lesson-scheduled', lesson],
      ['r1', 'parent.one@example.com', 'lesson-rescheduled', { ...lesson, previousStartsAt: '2026-10-30T19:30:00Z' }],
      ['c1', 'parent.two@example.com', 'lesson-cancelled', { ...lesson, makeupCredit: true }],
      ['c2', 'parent.one@example.com', 'lesson-cancelled', { ...lesson, makeupCredit: false, reason: 'snow day' }],
    ] as const;
    for (const [key, to, template, data] of requests) {
      ids[key] = (
        await outbox.request({ key, to, template, data, causedByEventId: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b' })
      ).id;
    }
    const deadline = Date.now() + 5000;
    let pending = 5;
    while (pending > 0 && Date.now() < deadline) {
      await sleep(25);
      [{ pending }] = await sql<{ pending: number }>(
        "SELECT count(*)::int AS pending FROM email_outbox WHERE status <> 'delivered_locally'",
      );
    }
    expect(pending).toBe(0);
    await sql("UPDATE email_outbox SET status = 'failed', last_error = 'SendGrid 400: bad address' WHERE id = ?", [
      ids.c1,
    ]);
  });

  it('lists newest first with every field', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.next).toBeNull();
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.c2, ids.c1, ids.r1, ids.s2, ids.s1]);
    expect(res.body.items[1]).toEqual({
      id: ids.c1,
      recipient: 'parent.two@example.com',
      template: 'lesson-cancelled',
      subject: 'Lesson cancelled: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
      status: 'failed',
      attempts: 1,
      lastError: 'SendGrid 400: bad address',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      sentAt: expect.stringMatching(/Z$/),
      causedByEventId: '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b',
    });
  });

  it('filters by recipient (case-insensitive), template and status', async () => {
    const idsOf = async (q: string) => (await list(q)).body.items.map((i: { id: string }) => i.id);
    expect(await idsOf('?recipient=PARENT.ONE@example.com')).toEqual([ids.c2, ids.r1, ids.s1]);
    expect(await idsOf('?template=lesson-scheduled')).toEqual([ids.s2, ids.s1]);
    expect(await idsOf('?status=failed')).toEqual([ids.c1]);
    expect(await idsOf('?status=delivered_locally&template=lesson-cancelled')).toEqual([ids.c2]);
    expect(await idsOf('?recipient=nobody@example.com')).toEqual([]);
  });

  it('pages with a cursor, also among rows created in the same millisecond', async () => {
    // Same millisecond, different microseconds: a cursor rounded to milliseconds would skip or repeat rows.
    await sql("UPDATE email_outbox SET created_at = '2026-11-01T12:00:00.000100Z' WHERE id = ?", [ids.r1]);
    await sql("UPDATE email_outbox SET created_at = '2026-11-01T12:00:00.000900Z' WHERE id = ?", [ids.s2]);
    await sql("UPDATE email_outbox SET created_at = '2026-11-01T12:00:00.000500Z' WHERE id IN (?, ?)", [
      ids.c1,
      ids.c2,
    ]);
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.next;
      pages++;
    }
    expect(pages).toBe(3);
    const [c1, c2] = [ids.c1, ids.c2].sort().reverse();
    expect(seen).toEqual([ids.s1, ids.s2, c1, c2, ids.r1]);
  });

  it.each([
    ['limit=0', /limit must not be less than 1/],
    ['limit=201', /limit must not be greater than 200/],
    ['limit=ten', /limit must be an integer/],
    ['status=lost', /status must be one of/],
    ['template=welcome', /template must be one of/],
    ['sort=asc', /property sort should not exist/],
    ['cursor=garbage', /cursor is not one this API gave out/],
    [
      `cursor=${Buffer.from(JSON.stringify(['yesterday', '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b'])).toString('base64url')}`,
      /cursor/,
    ],
  ])('refuses %s with 400', async (query, message) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it('needs a token (401) and the admin role (403)', async () => {
    expect((await http.get('/api/v1/admin/emails')).status).toBe(401);
    expect((await list('', 'nonsense')).status).toBe(401);
    const forbidden = await list('', teacher);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
  });

  it('is documented in the OpenAPI document', async () => {
    const docs = await http.get('/docs-json');
    expect(docs.status).toBe(200);
    const params = docs.body.paths['/api/v1/admin/emails'].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(params).toEqual(['cursor', 'limit', 'recipient', 'status', 'template']);
  });
});
