export const ROLES = ['admin', 'teacher', 'parent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type UserRegistered = {
  type: 'UserRegistered';
  data: { userId: string; email: string; role: Role; displayName: string; teacherId: string | null };
};
/** The new password's hash is kept apart from the log (user_credentials); the event says when. */
export type UserPasswordChanged = { type: 'UserPasswordChanged'; data: { userId: string } };

export type UserEvent = UserRegistered | UserPasswordChanged;

export type EmailClaimed = {
  type: 'EmailClaimed';
  data: { email: string; userId: string; ownerStream: string; claimedAt: string };
};
export type EmailClaimEvent = EmailClaimed;

export const userStream = (userId: string) => `user-${userId}`;
