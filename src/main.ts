import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { startMetricsServer } from './operations/metrics-server';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    databaseUrl = embedded.url;
  }

  let stopping = false;
  // Assigned once the app is up; the shutdown handler, declared before that, reads it.
  // eslint-disable-next-line prefer-const -- see above
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>>;
  const app = await createApp({ config, databaseUrl }).catch(async (err) => {
    await embedded?.stop();
    throw err;
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      metricsServer?.close();
      await app.close();
      await embedded?.stop();
      process.exit(0);
    } catch (err) {
      logger.error(`shutdown failed: ${(err as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.port, '0.0.0.0');
  metricsServer = await startMetricsServer(app, config).catch(async (err) => {
    await app.close();
    await embedded?.stop();
    throw err;
  });
  logger.log(
    `Cedar Heights Music Academy serving on http://localhost:${config.port} (API docs at /docs; events in ${
      config.eventStoreConnectionString ? 'EventStoreDB' : 'PostgreSQL'
    })`,
  );
}

main().catch((err) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
