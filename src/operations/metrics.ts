import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Commands and events whose happening depends on whether an email has an account, while the
 * request that causes them is answered the same either way (a password reset): no metric counts
 * them, so the metrics do not tell a known address from an unknown one.
 */
const UNCOUNTED: ReadonlySet<string> = new Set(['RequestPasswordReset', 'PasswordResetRequested']);
export const isCounted = (type: string): boolean => !UNCOUNTED.has(type);

/**
 * Every Prometheus metric the app exposes (GET /metrics with METRICS_TOKEN, or the separate
 * METRICS_PORT listener). One registry per app instance.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpLatency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly commandLatency = new Histogram({
    name: 'command_duration_seconds',
    help: 'Command latency: read, decide and append',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'events_appended_total',
    help: 'Events appended to the event store',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly subscriptionProcessed = new Counter({
    name: 'subscription_events_processed_total',
    help: 'Events handled by projections and sagas',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly subscriptionFailures = new Counter({
    name: 'subscription_handler_failures_total',
    help: 'Failed attempts to handle an event (each retry counts)',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly subscriptionParked = new Gauge({
    name: 'subscription_parked_events',
    help: 'Events a subscription gave up on after its retries (see GET /api/v1/admin/projections)',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly subscriptionLag = new Gauge({
    name: 'subscription_lag_seconds',
    help: 'Age of the oldest event a subscription has not handled yet (0 when caught up)',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly projectionDelay = new Histogram({
    name: 'projection_delay_seconds',
    help: 'Time from an event being recorded to its effect being committed by a subscription',
    labelNames: ['subscription'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
