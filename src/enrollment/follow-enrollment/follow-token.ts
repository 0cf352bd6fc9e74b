import { enrollmentLinkToken, enrollmentPageUrl, isEnrollmentLinkToken } from '../enrollment-link-token';

/**
 * The secret in an enrollment's follow link, handed to whoever sent the form (see
 * enrollment-link-token.ts: its own purpose, so it never opens the family's confirmation page).
 */
export const enrollmentFollowToken = (secret: string | undefined, enrollmentId: string): string =>
  enrollmentLinkToken(secret, 'enrollment-follow', enrollmentId);

export const isEnrollmentFollowToken = (secret: string | undefined, enrollmentId: string, token: unknown): boolean =>
  isEnrollmentLinkToken(secret, 'enrollment-follow', enrollmentId, token);

/** The web page that follows an enrollment (served by the app, see web/). */
export const enrollmentFollowUrl = (publicUrl: string, enrollmentId: string, token: string) =>
  enrollmentPageUrl(publicUrl, 'follow', enrollmentId, token);
