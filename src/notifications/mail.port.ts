/** Sending one rendered email: the outbox worker's only way out of the process. */
export interface OutgoingMail {
  /** the outbox row, passed to the provider so its webhooks can name the row */
  outboxId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendOutcome = { status: 'sent'; providerMessageId: string | null } | { status: 'delivered_locally' };

/** A refusal or failure of the provider; `retryable` decides between back-off and giving up. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode: number | null = null,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

export interface MailPort {
  readonly name: string;
  /** resolves when the provider accepted the mail; rejects with MailSendError */
  send(mail: OutgoingMail): Promise<SendOutcome>;
}

export const MAIL_PORT = Symbol('MAIL_PORT');
