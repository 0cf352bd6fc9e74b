import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The environment the app reads (the README's Configuration table), validated before anything starts. */
export class Environment {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/.+/, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// URL' })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  @MaxLength(200)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_\w+$/, { message: 'STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…' })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @IsIn(['stripe', 'simulated'], { message: 'PAYMENT_GATEWAY must be stripe or simulated' })
  PAYMENT_GATEWAY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, { message: 'STRIPE_API_URL must be http(s)://host[:port]' })
  STRIPE_API_URL?: string;

  @IsOptional()
  @Matches(/^whsec_\w+$/, { message: 'STRIPE_WEBHOOK_SECRET must look like whsec_…' })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  SENDGRID_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'SENDGRID_API_URL must be an http(s) URL' })
  SENDGRID_API_URL?: string;

  @IsOptional()
  @IsEmail({}, { message: 'MAIL_FROM must be an email address' })
  MAIL_FROM?: string;

  @IsOptional()
  @IsString()
  ACADEMY_TIMEZONE?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  MAKEUP_CREDIT_DAYS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ENROLLMENT_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'JOBS_ENABLED must be true or false' })
  JOBS_ENABLED?: string;

  @IsOptional()
  @IsIn(['run', 'follow', 'projections', 'sagas'], {
    message: 'SUBSCRIPTIONS_MODE must be run, follow, projections or sagas',
  })
  SUBSCRIPTIONS_MODE?: string;
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsInt()
  @Min(300)
  @Max(90 * 86_400)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_LOCKOUT_THRESHOLD?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  LOGIN_SLOWDOWN_MAX_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @Matches(/^(false|\d{1,2}|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)$/, {
    message: 'TRUST_PROXY must be false, a number of proxy hops, or proxy addresses/subnets (loopback, 10.0.0.0/8, …)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]+$/, { message: 'METRICS_HOST must be an address or host name such as 127.0.0.1' })
  METRICS_HOST?: string;

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable characters without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Matches(/^\s*(\*|https?:\/\/[^\s,]+)(\s*,\s*https?:\/\/[^\s,]+)*\s*$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  PAYMENT_RETRY_INTERVAL_HOURS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  PAYMENT_MAX_RETRIES?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  PAYMENT_RETRY_BACKOFF?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  PAYMENT_RETRY_CHECK_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(28)
  BILLING_DAY_OF_MONTH?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(27)
  PAYMENT_DUE_NOTICE_DAYS?: number;
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'DATA_ENCRYPTION_KEY must be at least 32 characters' })
  DATA_ENCRYPTION_KEY?: string;
}
