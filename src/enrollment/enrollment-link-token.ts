import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an enrollment's emailed or shown link opens; one token never opens another purpose's page. */
export type EnrollmentLinkPurpose = 'family-confirmation' | 'enrollment-follow';

/**
 * The secret in a link about one enrollment: derived from the server secret, the purpose and the
 * enrollment, so nothing secret is stored and the same link can be rendered again after a
 * redelivery.
 */
export function enrollmentLinkToken(
  secret: string | undefined,
  purpose: EnrollmentLinkPurpose,
  enrollmentId: string,
): string {
  if (!secret) throw new Error('the server secret is not configured');
  return createHmac('sha256', secret).update(`${purpose}:${enrollmentId}`).digest('base64url');
}

export function isEnrollmentLinkToken(
  secret: string | undefined,
  purpose: EnrollmentLinkPurpose,
  enrollmentId: string,
  token: unknown,
): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(enrollmentLinkToken(secret, purpose, enrollmentId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A page of the web front end about one enrollment, with its token. */
export const enrollmentPageUrl = (publicUrl: string, page: string, enrollmentId: string, token: string) =>
  `${publicUrl}/enrollments/${page}?enrollment=${encodeURIComponent(enrollmentId)}&token=${encodeURIComponent(token)}`;
