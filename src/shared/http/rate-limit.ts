import { applyDecorators, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerOptions } from '@nestjs/throttler';
import type { AppConfig } from '../../config/config';

const RATE_LIMIT = 'http:rate-limit';

/**
 * Every rate limit of the API, per client address and per route: one entry each. A route takes
 * exactly the limit it names with @RateLimit(name) and no other.
 */
export const rateLimits = (config: AppConfig): Record<string, { ttl: number; limit: number }> => ({
  enrollment: { ttl: 60_000, limit: config.enrollmentRateLimitPerMinute },
  login: { ttl: 60_000, limit: config.loginRateLimitPerMinute },
  'stripe-webhooks': { ttl: 60_000, limit: config.stripeWebhookRateLimitPerMinute },
});

export function throttlers(config: AppConfig): ThrottlerOptions[] {
  return Object.entries(rateLimits(config)).map(([name, { ttl, limit }]) => ({
    name,
    ttl,
    limit,
    skipIf: (ctx: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT, ctx.getHandler()) !== name,
  }));
}

/**
 * The client address a request comes from, as the rate limits count it (Express' req.ip: the
 * socket's peer; proxy headers are not trusted).
 */
export const clientAddress = (req: { ip?: string; socket?: { remoteAddress?: string } }): string =>
  req.ip ?? req.socket?.remoteAddress ?? 'unknown';

/** Limits this route with the named limit of rateLimits() (429 past it). */
export const RateLimit = (name: string) => applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(ThrottlerGuard));
