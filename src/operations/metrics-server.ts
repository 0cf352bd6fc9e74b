import { INestApplication, Logger } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/config';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Metrics } from './metrics';

/** This instance's metrics in Prometheus' text format; the lag gauges are brought up to date first. */
export async function scrape(
  metrics: Metrics,
  subscriptions: SubscriptionsService,
): Promise<{ contentType: string; body: string }> {
  await subscriptions.statuses().catch(() => undefined);
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <token>` naming exactly this token (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const [scheme, given] = (header ?? '').split(' ');
  return scheme === 'Bearer' && typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}

/**
 * GET /metrics on a listener of its own (METRICS_PORT, bound to METRICS_HOST, 127.0.0.1 unless
 * told otherwise), for Prometheus on the same host or network: nothing else is served there,
 * and nothing on the public port gives the metrics away without METRICS_TOKEN.
 * Undefined when METRICS_PORT is not set.
 */
export async function startMetricsServer(
  app: INestApplication,
  config: Pick<AppConfig, 'metricsPort' | 'metricsHost'>,
): Promise<Server | undefined> {
  if (config.metricsPort === undefined) return undefined;
  const metrics = app.get(Metrics);
  const subscriptions = app.get(SubscriptionsService);
  const logger = new Logger('Metrics');
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: this listener serves GET /metrics only\n');
      return;
    }
    scrape(metrics, subscriptions).then(
      ({ contentType, body }) =>
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
      (err: Error) => {
        logger.error(`metrics could not be collected: ${err.message}`);
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics could not be collected\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new Error(`the metrics listener cannot use ${config.metricsHost}:${config.metricsPort}: ${err.message}`)),
    );
    server.listen(config.metricsPort, config.metricsHost, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  logger.log(`metrics served on http://${address}:${port}/metrics`);
  return server;
}
