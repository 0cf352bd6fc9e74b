import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret in a family's confirmation link. It derives from the server secret and the
 * enrollment, so the email can be rendered again after a redelivery with the same link and
 * nothing secret is stored; the enrollment's own state makes it single-use and expiring.
 */
export function familyConfirmationToken(secret: string | undefined, enrollmentId: string): string {
  if (!secret) throw new Error('the server secret is not configured');
  return createHmac('sha256', secret).update(`family-confirmation:${enrollmentId}`).digest('base64url');
}

export function isFamilyConfirmationToken(secret: string | undefined, enrollmentId: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(familyConfirmationToken(secret, enrollmentId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where the family reviews the enrollment: the page behind the emailed link. */
export const familyConfirmationUrl = (publicUrl: string, enrollmentId: string, token: string) =>
  `${publicUrl}/enrollments/confirm?enrollment=${encodeURIComponent(enrollmentId)}&token=${encodeURIComponent(token)}`;
