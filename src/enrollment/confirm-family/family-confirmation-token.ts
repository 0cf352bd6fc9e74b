import { enrollmentLinkToken, enrollmentPageUrl, isEnrollmentLinkToken } from '../enrollment-link-token';

/**
 * The secret in a family's confirmation link (see enrollment-link-token.ts); the enrollment's own
 * state makes it single-use and expiring.
 */
export const familyConfirmationToken = (secret: string | undefined, enrollmentId: string): string =>
  enrollmentLinkToken(secret, 'family-confirmation', enrollmentId);

export const isFamilyConfirmationToken = (secret: string | undefined, enrollmentId: string, token: unknown): boolean =>
  isEnrollmentLinkToken(secret, 'family-confirmation', enrollmentId, token);

/** Where the family reviews the enrollment: the page behind the emailed link. */
export const familyConfirmationUrl = (publicUrl: string, enrollmentId: string, token: string) =>
  enrollmentPageUrl(publicUrl, 'confirm', enrollmentId, token);
