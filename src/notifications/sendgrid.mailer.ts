import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { MailPort, MailSendError, OutgoingMail, SendOutcome } from './mail.port';

export interface SendGridOptions {
  apiKey: string;
  from: string;
  /** another API host (tests' stand-in, a proxy); default https://api.sendgrid.com/ */
  baseUrl?: string;
  timeoutMs?: number;
}

interface SendGridErrorBody {
  errors?: { message?: string; field?: string | null }[];
}

/**
 * The real @sendgrid/mail SDK. Each instance has its own MailService and Client: the SDK's
 * default exports are process-wide singletons that another instance would reconfigure.
 */
export class SendGridMailer implements MailPort {
  readonly name = 'sendgrid';
  private readonly mail = new MailService();

  constructor(private readonly options: SendGridOptions) {
    const client = new Client();
    client.setApiKey(options.apiKey);
    // After setApiKey: it resets baseUrl to the region's host.
    if (options.baseUrl) client.setDefaultRequest('baseUrl', options.baseUrl);
    this.mail.setClient(client);
    this.mail.setTimeout(options.timeoutMs ?? 15_000);
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const [response] = await this.mail.send({
        to: mail.to,
        from: this.options.from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        customArgs: { outbox_id: mail.outboxId },
      });
      const messageId = response.headers['x-message-id'];
      return { status: 'sent', providerMessageId: typeof messageId === 'string' ? messageId : null };
    } catch (error) {
      throw toSendError(error);
    }
  }
}

/** 429 and 5xx are SendGrid having a bad moment; other 4xx will not get better by retrying. */
function toSendError(error: unknown): MailSendError {
  const e = error as { code?: unknown; message?: string; response?: { body?: unknown } };
  if (typeof e?.code === 'number' && e.response) {
    const status = e.code;
    const body = e.response.body as SendGridErrorBody | string | undefined;
    const messages =
      typeof body === 'object' && body !== null && Array.isArray(body.errors)
        ? body.errors.map((x) => (x.field ? `${x.message ?? 'error'} (field ${x.field})` : (x.message ?? 'error')))
        : [];
    const detail = messages.length
      ? messages.join('; ')
      : typeof body === 'string' && body
        ? body.slice(0, 500)
        : e.message || 'no details';
    return new MailSendError(`SendGrid ${status}: ${detail}`, status === 429 || status >= 500, status);
  }
  // No HTTP answer: refused connection, timeout, DNS. The mail may or may not have gone; retry.
  return new MailSendError(`SendGrid unreachable: ${(error as Error)?.message ?? String(error)}`, true);
}
