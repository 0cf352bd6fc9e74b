import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret in an enrollment's follow link, handed to whoever sent the form. Like the family's
 * confirmation token it derives from the server secret and the enrollment (a different purpose,
 * so one token never opens the other's page), and nothing secret is stored.
 */
export function enrollmentFollowToken(secret: string | undefined, enrollmentId: string): string {
  if (!secret) throw new Error('the server secret is not configured');
  return createHmac('sha256', secret).update(`enrollment-follow:${enrollmentId}`).digest('base64url');
}

export function isEnrollmentFollowToken(secret: string | undefined, enrollmentId: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(enrollmentFollowToken(secret, enrollmentId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The web page that follows an enrollment (served by the app, see web/). */
export const enrollmentFollowUrl = (publicUrl: string, enrollmentId: string, token: string) =>
  `${publicUrl}/enrollments/follow?enrollment=${encodeURIComponent(enrollmentId)}&token=${encodeURIComponent(token)}`;
