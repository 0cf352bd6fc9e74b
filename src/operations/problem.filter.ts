import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { ThrottlerException } from '@nestjs/throttler';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port';
import { DomainError, DomainErrorKind } from '../shared/domain-error';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rejected: 422,
  rate_limited: 429,
};

interface Problem {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  [extra: string]: unknown;
}

const problem = (statusCode: number, message: string | string[], extra: Record<string, unknown> = {}): Problem => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...extra,
});

/** The one place errors become HTTP: {statusCode, error, message} with the statuses of README.md, "Errors". */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = exception instanceof ThrottlerException ? tooManyRequests(res) : this.toProblem(exception);
    if (exception instanceof EventStoreUnavailableError) this.logger.warn(exception.message);
    else if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    // Explicitly: a route that declared another type (e.g. text/calendar) still answers errors in JSON.
    res.status(body.statusCode).type('application/json').json(body);
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof DomainError) return problem(STATUS[e.kind], e.message, { code: e.code, ...e.details });
    if (e instanceof WrongExpectedRevisionError) {
      return problem(409, 'someone else changed this at the same moment; try again', { code: e.code });
    }
    if (e instanceof InvalidAppendError) return problem(400, e.message, { code: e.code });
    if (e instanceof EventStoreUnavailableError) {
      return problem(503, 'the event store is not reachable right now; try again shortly', { code: e.code });
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const response = e.getResponse();
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: string | string[] };
        return problem(status, r.message ?? e.message, {
          ...(response as object),
          statusCode: status,
          error: STATUS_CODES[status],
        });
      }
      return problem(status, String(response));
    }
    // PostgreSQL refusing a value the client sent (bad text encoding, malformed uuid/number):
    // a 400, whichever path let it through.
    const sqlState = (e as { code?: unknown })?.code ?? (e as { cause?: { code?: unknown } })?.cause?.code;
    if (typeof sqlState === 'string' && ['22P02', '22P05', '22021', '22003', '22007', '22008'].includes(sqlState)) {
      return problem(400, 'a value in the request cannot be stored as given');
    }
    // Errors raised by Express' body parsing (malformed JSON, too large, bad charset) carry a 4xx status.
    const status =
      (e as { status?: unknown; statusCode?: unknown })?.status ?? (e as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (e as { type?: string }).type;
      const message = type === 'entity.parse.failed' ? 'the request body is not valid JSON' : (e as Error).message;
      return problem(status, message);
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'something went wrong on our side; it has been logged');
  }
}

/**
 * A rate limit's 429: the standard Retry-After (the limiter names its header after the limit,
 * `Retry-After-login`), and a plain message instead of the limiter's class name.
 */
function tooManyRequests(res: Response): Problem {
  const named = Object.keys(res.getHeaders()).filter((h) => h.toLowerCase().startsWith('retry-after-'));
  const seconds = Math.max(1, ...named.map((h) => Number(res.getHeader(h)) || 0));
  for (const h of named) res.removeHeader(h);
  res.setHeader('Retry-After', String(seconds));
  return problem(429, `too many requests from this address; try again in ${seconds} second${seconds === 1 ? '' : 's'}`);
}
