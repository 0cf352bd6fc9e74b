export const ROLES = ['admin', 'teacher', 'parent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type UserRegistered = {
  type: 'UserRegistered';
  data: { userId: string; email: string; role: Role; displayName: string; teacherId: string | null };
};
/** The new password's hash is kept apart from the log (user_credentials); the event says when. */
export type UserPasswordChanged = { type: 'UserPasswordChanged'; data: { userId: string } };

/** Someone asked for a password-reset link for this account (the token itself is never logged). */
export type PasswordResetRequested = { type: 'PasswordResetRequested'; data: { userId: string } };
/** Every refresh token of a family was revoked, e.g. because a used refresh token came back. */
export type UserSessionsRevoked = {
  type: 'UserSessionsRevoked';
  data: { userId: string; familyId: string; reason: 'refresh-token-reused' };
};

export type UserEvent = UserRegistered | UserPasswordChanged | PasswordResetRequested | UserSessionsRevoked;

export type EmailClaimed = {
  type: 'EmailClaimed';
  data: { email: string; userId: string; ownerStream: string; claimedAt: string };
};
export type EmailClaimEvent = EmailClaimed;

export const userStream = (userId: string) => `user-${userId}`;
