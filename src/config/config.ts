import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as path from 'node:path';
import { JOB_SCHEDULE_ENV, parseJobSchedule } from '../jobs/job-schedule';
import { Environment } from './environment';

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  adminEmail: string;
  /** undefined: the dev default is used and printed at boot */
  adminPassword?: string;
  jwtSecret?: string;
  stripeSecretKey?: string;
  /** stripe: STRIPE_SECRET_KEY is charged; simulated: Stripe's test mode, simulated (nothing is charged) */
  paymentGateway: 'stripe' | 'simulated';
  /** Stripe's API host (a stand-in, in tests) */
  stripeApiUrl?: string;
  stripeWebhookSecret?: string;
  sendgridApiKey?: string;
  /** SendGrid's API base URL (tests point it at a local stand-in) */
  sendgridApiUrl?: string;
  mailFrom: string;
  academyTimezone: string;
  /** where people reach the academy's site (links in emails) */
  publicUrl: string;
  logLevel: string;
  /** 0: any free port */
  embeddedPgPort: number;
  accessTokenTtlSeconds: number;
  /** how long a makeup credit stays usable */
  makeupCreditDays: number;
  /** enrollments one address may submit per minute */
  enrollmentRateLimitPerMinute: number;
  /** false: this process runs no scheduled job (another instance does, or tests trigger them) */
  jobsEnabled: boolean;
  /**
   * run: this instance takes its turn running projections and sagas (one instance each, by
   * advisory lock); follow: it never does, and waits for read models by following checkpoints
   * (an API instance beside a projector instance: its request load cannot slow the projections);
   * projections / sagas: it takes its turn running only those, and follows the others (a
   * projector process apart from the one running workflows: a burst of saga work cannot delay
   * the read models).
   */
  subscriptionsMode: 'run' | 'follow' | 'projections' | 'sagas';
  /** JOB_<NAME>_SCHEDULE values by variable name (validated); a job without one uses its default */
  jobSchedules: Record<string, string>;
  /** sign-in and password-reset attempts one address may make per minute */
  loginRateLimitPerMinute: number;
  refreshTokenTtlSeconds: number;
  /**
   * failed sign-ins of one email from one client address before that address is locked out of it
   * for a while (the lock then doubles); failures of an email from anywhere past it slow its answers
   */
  loginLockoutThreshold: number;
  /** the longest an email's answers are slowed after failures from many addresses */
  loginSlowDownMaxMs: number;
  /** a listener of its own serving GET /metrics only (undefined: none; 0: any free port) */
  metricsPort?: number;
  /** the address that listener binds: loopback unless told otherwise */
  metricsHost: string;
  /** GET /metrics on the public port answers only `Authorization: Bearer <this>` (undefined: 404 there) */
  metricsToken?: string;
  /**
   * Express' `trust proxy`: which proxies' X-Forwarded-For name the client (rate limits and the
   * sign-in lock count clients by it); false: none, the socket's peer is the client
   */
  trustProxy: false | number | string;
  /** origins allowed by CORS; [] allows none, ['*'] any */
  corsOrigins: string[];
  /** dunning: the first retry waits this long; each later one `paymentRetryBackoff` times the previous */
  paymentRetryIntervalHours: number;
  paymentMaxRetries: number;
  paymentRetryBackoff: number;
  /** how often the retry job looks for retries that fell due */
  paymentRetryCheckSeconds: number;
  stripeWebhookRateLimitPerMinute: number;
  /** the day of the month (academy time) the coming month's lessons are charged */
  billingDayOfMonth: number;
  /** payment-due notices go out this many days before the billing day */
  paymentDueNoticeDays: number;
  /** the master key wrapping each family's data key; undefined: one kept in DATA_DIR */
  dataEncryptionKey?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
export const DEFAULT_ADMIN_EMAIL = 'admin@cedarheights.local';
export const DEFAULT_ADMIN_PASSWORD = 'change-me-now-please';

const NUMERIC = [
  'PORT',
  'EMBEDDED_PG_PORT',
  'ACCESS_TOKEN_TTL_SECONDS',
  'MAKEUP_CREDIT_DAYS',
  'ENROLLMENT_RATE_LIMIT_PER_MINUTE',
  'LOGIN_RATE_LIMIT_PER_MINUTE',
  'REFRESH_TOKEN_TTL_SECONDS',
  'LOGIN_LOCKOUT_THRESHOLD',
  'LOGIN_SLOWDOWN_MAX_MS',
  'METRICS_PORT',
  'PAYMENT_RETRY_INTERVAL_HOURS',
  'PAYMENT_MAX_RETRIES',
  'PAYMENT_RETRY_BACKOFF',
  'PAYMENT_RETRY_CHECK_SECONDS',
  'STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE',
  'BILLING_DAY_OF_MONTH',
  'PAYMENT_DUE_NOTICE_DAYS',
] as const;
const KNOWN = [
  ...NUMERIC,
  'DATA_DIR',
  'DATABASE_URL',
  'EVENTSTORE_CONNECTION_STRING',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'JWT_SECRET',
  'STRIPE_SECRET_KEY',
  'PAYMENT_GATEWAY',
  'STRIPE_API_URL',
  'STRIPE_WEBHOOK_SECRET',
  'SENDGRID_API_KEY',
  'SENDGRID_API_URL',
  'MAIL_FROM',
  'ACADEMY_TIMEZONE',
  'PUBLIC_URL',
  'LOG_LEVEL',
  'JOBS_ENABLED',
  'SUBSCRIPTIONS_MODE',
  'CORS_ORIGINS',
  'DATA_ENCRYPTION_KEY',
  'METRICS_HOST',
  'METRICS_TOKEN',
  'TRUST_PROXY',
] as const;

function trustProxyOf(value: string | undefined): false | number | string {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A production setup (DATABASE_URL) never falls back to the simulator by accident: without
 * STRIPE_SECRET_KEY it must say PAYMENT_GATEWAY=simulated. PAYMENT_GATEWAY=stripe needs the key.
 */
function paymentGatewayProblems(env: Environment): string[] {
  if (env.PAYMENT_GATEWAY === 'stripe' && !env.STRIPE_SECRET_KEY)
    return ['PAYMENT_GATEWAY=stripe needs STRIPE_SECRET_KEY'];
  if (env.DATABASE_URL && !env.STRIPE_SECRET_KEY && env.PAYMENT_GATEWAY !== 'simulated') {
    return [
      'DATABASE_URL is set but STRIPE_SECRET_KEY is not: set STRIPE_SECRET_KEY, ' +
        'or PAYMENT_GATEWAY=simulated to run without charging anyone',
    ];
  }
  return [];
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of KNOWN) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if ((NUMERIC as readonly string[]).includes(key)) {
      raw[key] = /^\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof raw[key] !== 'number') problems.push(`${key} must be a whole number (got "${value}")`);
    } else {
      raw[key] = value;
    }
  }
  const parsed = plainToInstance(Environment, raw);
  for (const error of validateSync(parsed, { skipMissingProperties: false })) {
    if (problems.some((p) => p.startsWith(`${error.property} `))) continue;
    problems.push(
      ...Object.values(error.constraints ?? {}).map((m) =>
        m.startsWith(error.property) ? m : `${error.property}: ${m}`,
      ),
    );
  }
  const timezone = parsed.ACADEMY_TIMEZONE ?? 'America/Halifax';
  if (!isValidTimeZone(timezone))
    problems.push(`ACADEMY_TIMEZONE must be an IANA time zone such as America/Halifax (got "${timezone}")`);
  const jobSchedules: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!JOB_SCHEDULE_ENV.test(key) || value === undefined || value === '') continue;
    try {
      parseJobSchedule(value);
      jobSchedules[key] = value.trim();
    } catch (error) {
      problems.push(`${key} ${(error as Error).message}`);
    }
  }
  problems.push(...paymentGatewayProblems(parsed));
  if (parsed.TRUST_PROXY === 'true')
    problems.push(
      'TRUST_PROXY must name the proxies (a number of hops or their addresses): ' +
        'true would let any client choose its address',
    );
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: parsed.PORT ?? 3000,
    dataDir: path.resolve(parsed.DATA_DIR ?? './.data'),
    databaseUrl: parsed.DATABASE_URL,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    adminEmail: (parsed.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
    adminPassword: parsed.ADMIN_PASSWORD,
    jwtSecret: parsed.JWT_SECRET,
    stripeSecretKey: parsed.STRIPE_SECRET_KEY,
    paymentGateway: (parsed.PAYMENT_GATEWAY ?? (parsed.STRIPE_SECRET_KEY ? 'stripe' : 'simulated')) as
      'stripe' | 'simulated',
    stripeApiUrl: parsed.STRIPE_API_URL,
    stripeWebhookSecret: parsed.STRIPE_WEBHOOK_SECRET,
    sendgridApiKey: parsed.SENDGRID_API_KEY,
    sendgridApiUrl: parsed.SENDGRID_API_URL,
    mailFrom: parsed.MAIL_FROM ?? 'office@cedarheights.local',
    academyTimezone: timezone,
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`).replace(/\/$/, ''),
    logLevel: parsed.LOG_LEVEL ?? 'info',
    embeddedPgPort: parsed.EMBEDDED_PG_PORT ?? 0,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS ?? 900,
    makeupCreditDays: parsed.MAKEUP_CREDIT_DAYS ?? 90,
    enrollmentRateLimitPerMinute: parsed.ENROLLMENT_RATE_LIMIT_PER_MINUTE ?? 20,
    jobsEnabled: parsed.JOBS_ENABLED !== 'false',
    subscriptionsMode:
      (['follow', 'projections', 'sagas'] as const).find((m) => m === parsed.SUBSCRIPTIONS_MODE) ?? 'run',
    jobSchedules,
    loginRateLimitPerMinute: parsed.LOGIN_RATE_LIMIT_PER_MINUTE ?? 10,
    refreshTokenTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS ?? 14 * 86_400,
    loginLockoutThreshold: parsed.LOGIN_LOCKOUT_THRESHOLD ?? 5,
    loginSlowDownMaxMs: parsed.LOGIN_SLOWDOWN_MAX_MS ?? 2000,
    metricsPort: parsed.METRICS_PORT,
    metricsHost: parsed.METRICS_HOST ?? '127.0.0.1',
    metricsToken: parsed.METRICS_TOKEN,
    trustProxy: trustProxyOf(parsed.TRUST_PROXY),
    corsOrigins: (parsed.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    paymentRetryIntervalHours: parsed.PAYMENT_RETRY_INTERVAL_HOURS ?? 48,
    paymentMaxRetries: parsed.PAYMENT_MAX_RETRIES ?? 4,
    paymentRetryBackoff: parsed.PAYMENT_RETRY_BACKOFF ?? 1,
    paymentRetryCheckSeconds: parsed.PAYMENT_RETRY_CHECK_SECONDS ?? 60,
    stripeWebhookRateLimitPerMinute: parsed.STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE ?? 600,
    billingDayOfMonth: parsed.BILLING_DAY_OF_MONTH ?? 25,
    paymentDueNoticeDays: parsed.PAYMENT_DUE_NOTICE_DAYS ?? 3,
    dataEncryptionKey: parsed.DATA_ENCRYPTION_KEY,
  };
}
