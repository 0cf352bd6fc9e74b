import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { SubscriptionsOptions } from '../../src/subscriptions/subscriptions.options';
import { Clock } from '../../src/shared/clock';
import { createTestDatabase, TestDatabase } from './database';

export const ADMIN = { email: 'owner@cedarheights.test', password: 'correct-horse-battery' };
/** GET /metrics on the app's port answers `Authorization: Bearer <this>` only. */
export const METRICS_TOKEN = 'test-metrics-token-test-metrics-token';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  databaseUrl: string;
  login(email?: string, password?: string): Promise<string>;
  /** closes the app (the database stays) */
  stop(): Promise<void>;
  /** closes the app and drops its database */
  close(): Promise<void>;
}

export interface TestAppOptions {
  database?: TestDatabase;
  env?: Record<string, string>;
  clock?: Clock;
  subscriptions?: Partial<SubscriptionsOptions>;
}

/** The whole app on its own database, as `npm start` builds it, without listening on a port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp & { database: TestDatabase }> {
  const database =
    options.database ?? (await createTestDatabase(path.basename(expect.getState().testPath ?? 'app', '.ts')));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-app-'));
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATA_ENCRYPTION_KEY: 'test-data-key-test-data-key-test-data-key-0123',
    ENROLLMENT_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    METRICS_TOKEN,
    ...options.env,
  });
  const app = await createApp({
    config,
    databaseUrl: database.url,
    clock: options.clock,
    subscriptions: options.subscriptions,
  });
  const http = request(app.getHttpServer());
  const stop = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    app,
    http,
    database,
    databaseUrl: database.url,
    async login(email = ADMIN.email, password = ADMIN.password) {
      const res = await http.post('/api/v1/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    stop,
    async close() {
      await stop();
      await database.drop();
    },
  };
}
