import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { optionalIdempotencyKey } from './shared/openapi-idempotency';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { readOrCreateSecretFile } from './config/secret-file';
import { AppOptions } from './core.module';
import { migrate } from './database/orm.config';
import { correlationIdOf, RequestContextMiddleware } from './operations/request-context.middleware';
import { NoControlCharactersPipe } from './shared/http/no-control-characters.pipe';
import { Foreground } from './subscriptions/foreground';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { serveWebPages } from './operations/web-pages';

/** JWT_SECRET, or one generated once and kept in DATA_DIR so tokens survive a restart. */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  const secret = readOrCreateSecretFile(file, () => randomBytes(48).toString('base64url'));
  if (secret.length < 32)
    throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it to have a new one generated`);
  return secret;
}

/** JSON bodies above this are refused with 413 before any handler runs. */
export const BODY_LIMIT = '100kb';

/**
 * Security headers on every answer (helmet; the Swagger UI page needs its own scripts and
 * styles, so it goes without a content security policy), and CORS for the origins in
 * CORS_ORIGINS only (none by default: the API is then for same-origin pages and servers).
 */
export function securityHeaders(app: NestExpressApplication, corsOrigins: readonly string[] = []): void {
  const strict = helmet();
  const forDocs = helmet({ contentSecurityPolicy: false });
  app.use((req: { path: string }, res: never, next: () => void) =>
    (req.path.startsWith('/docs') ? forDocs : strict)(req as never, res, next),
  );
  app.enableCors({
    origin: corsOrigins.includes('*') ? true : corsOrigins.length > 0 ? [...corsOrigins] : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
    exposedHeaders: ['X-Correlation-Id', 'Retry-After'],
    maxAge: 600,
  });
}

export function configureHttp(app: NestExpressApplication, config?: Pick<AppConfig, 'corsOrigins'>): void {
  // Every request, from its arrival to its answer's end (or its connection's), is foreground work.
  const foreground = app.get(Foreground, { strict: false });
  app.use((_req: never, res: { once(event: 'close', listener: () => void): void }, next: () => void) => {
    res.once('close', foreground.begin());
    next();
  });
  securityHeaders(app, config?.corsOrigins);
  const context = new RequestContextMiddleware();
  app.use((req: never, res: never, next: () => void) => {
    correlationIdOf(req);
    context.use(req, res, next);
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // The pages' plain HTML forms (the family's confirmation page) post form-encoded fields.
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // Nest would answer a body that is not JSON with the parser's own words: say it plainly instead.
  app.use((err: { type?: string } | undefined, _req: never, _res: never, next: (e?: unknown) => void) =>
    next(err?.type === 'entity.parse.failed' ? new BadRequestException('the request body is not valid JSON') : err),
  );
  app.useGlobalPipes(
    new NoControlCharactersPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  const document = () =>
    optionalIdempotencyKey(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Cedar Heights Music Academy')
          .setDescription('Enrollment, teachers, lessons, payments and the audit log of the academy')
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Migrates the database and builds the whole app, initialised and with every subscription
 * caught up: ready for app.listen() (main) or supertest (tests).
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const config = { ...options.config, jwtSecret: resolveJwtSecret(options.config) };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...options, config }), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: false,
  });
  app.useLogger(app.get(PinoLogger));
  // Whose X-Forwarded-For to believe (none unless TRUST_PROXY names them): rate limits and sign-in locks count
  // clients by req.ip.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // Providers exist but nothing has touched the database yet: lifecycle hooks run in init().
  await migrate(options.databaseUrl);
  configureHttp(app, config);
  // The web pages (web/, built by `npm run build`): their assets and client-side routes, outside /api.
  serveWebPages(app);
  await app.init();
  // An instance that follows some or all subscriptions does not wait for the instance running them, which may
  // start after it.
  if (options.subscriptions?.enabled !== false && config.subscriptionsMode === 'run')
    await app.get(SubscriptionsService).waitForAll(10_000);
  return app;
}
