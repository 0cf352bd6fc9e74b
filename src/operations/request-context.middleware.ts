import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { newId } from '../shared/ids';
import { PUBLIC_ACTOR, RequestContexts } from '../shared/request-context';

const CORRELATION_HEADER = 'x-correlation-id';
const VALID_ID = /^[\w.:-]{1,100}$/;

/** The correlation id of a request: the caller's X-Correlation-Id when sane, else a new one. */
export function correlationIdOf(req: Request & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && VALID_ID.test(given) ? given : newId();
  req.id = id;
  return id;
}

/** Runs the rest of the request inside its context (correlation id, actor) and echoes the id. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const correlationId = correlationIdOf(req);
    res.setHeader(CORRELATION_HEADER, correlationId);
    RequestContexts.run({ correlationId, causationId: null, actor: { ...PUBLIC_ACTOR } }, next);
  }
}
