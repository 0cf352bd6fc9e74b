import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';

/**
 * The body of every error the API answers (src/operations/problem.filter.ts): a status, its
 * name and plain words; domain errors add a stable `code`, and some add details (a scheduling
 * conflict its `conflicts` and `alternatives`).
 */
@ApiSchema({ name: 'Problem', description: 'Every error answer: {statusCode, error, message, code?, …details}' })
export class ProblemDto {
  @ApiProperty({ type: Number, example: 404 })
  statusCode!: number;

  @ApiProperty({ type: String, example: 'Not Found', description: 'the name of the status' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'no lesson 7c4e…',
    description: 'what went wrong, in plain words; a validation error lists one message per field',
  })
  message!: string | string[];

  @ApiPropertyOptional({
    type: String,
    example: 'LESSON_NOT_FOUND',
    description: 'a stable code for errors of the rules (absent on validation and sign-in errors)',
  })
  code?: string;
}

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } },
};

const GENERIC: Record<number, string> = {
  400: 'a field is missing or malformed (one message per field), or a value the rules read as invalid',
  401: 'no bearer token, or it is invalid, expired or its sign-in has ended',
  403: 'your role may not do this',
  404: 'no such resource, or not one of yours',
  409: 'the current state does not allow it, or someone else changed it at the same moment (try again)',
  413: 'the request body is larger than the API accepts',
  422: 'the rules refuse it (the message and code say which)',
  429: 'too many requests from this address; Retry-After says when to try again',
  503: 'the event store is not reachable right now; Retry-After says when to try again',
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

/**
 * The error answers a route can give, each with the Problem body: a status alone takes the
 * usual words, `[status, words]` says what it means on this route (`[status, words, type]` with a
 * Problem that names its details). 429 and 503 carry Retry-After.
 */
export function ApiProblems(
  ...statuses: (ProblemStatus | [ProblemStatus, string] | [ProblemStatus, string, Type<ProblemDto>])[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((s) => {
      const [status, description, type] = Array.isArray(s) ? s : [s, GENERIC[s]];
      return ApiResponse({
        status,
        description,
        type: type ?? ProblemDto,
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      });
    }),
  );
}

/** The errors of every signed-in route whose roles are restricted: no or a bad token, a role that may not. */
export const SIGNED_IN: ProblemStatus[] = [401, 403];
/** What a command adds: the event store out of reach, or a concurrent change. */
export const WRITES: ProblemStatus[] = [409, 503];

const pages = new Map<Type<unknown>, Type<unknown>>();

/**
 * A page of a keyset-paged list (projections/paging.ts): `{items, next}`, named after its
 * item (`LessonPage` for `Lesson`).
 */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; next: string | null }> {
  const known = pages.get(item);
  if (known) return known as Type<{ items: T[]; next: string | null }>;
  class Page {
    @ApiProperty({ type: item, isArray: true })
    items!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'pass as `cursor` for the next page; null on the last page',
    })
    next!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/(Dto|Response|View)$/, '')}Page` });
  pages.set(item, Page);
  return Page;
}

/** An ISO 8601 instant in UTC, as every time of the API is answered. */
export const INSTANT = { type: String, format: 'date-time', example: '2026-11-02T20:00:00.000Z' } as const;
