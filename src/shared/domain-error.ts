/**
 * A refusal by a business rule, typed so one exception filter can translate it:
 * invalid → 400, unauthorized → 401, forbidden → 403, not_found → 404, conflict → 409,
 * rejected → 422, rate_limited → 429.
 */
export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rejected' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const rejected = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('rejected', code, message, details);
