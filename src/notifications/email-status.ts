export const EMAIL_STATUSES = ['pending', 'sending', 'sent', 'delivered_locally', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
