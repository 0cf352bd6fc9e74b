import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { invalid } from '../shared/domain-error';
import { isUuid, newId } from '../shared/ids';
import { RequestContexts } from '../shared/request-context';
import { renderEmail, TemplateName } from './templates/templates';

export interface EmailRequest {
  /** the same key never makes a second email: derive it from the event and the recipient */
  key: string;
  to: string;
  template: TemplateName;
  data: Record<string, unknown>;
  causedByEventId?: string;
  /** defaults to the current request's correlation id */
  correlationId?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Records emails to send. The email is rendered now, so what is sent is what the data said when
 * it was requested; the OutboxWorker sends it later, at least once.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(input: EmailRequest): Promise<{ id: string; created: boolean }> {
    const key = input.key?.trim();
    if (!key || key.length > 500) throw invalid('EMAIL_KEY_INVALID', 'an email needs an idempotency key of 1 to 500 characters');
    const to = input.to?.trim().toLowerCase();
    if (!to || to.length > 254 || !EMAIL.test(to)) throw invalid('EMAIL_RECIPIENT_INVALID', `not an email address: ${input.to}`);
    if (input.causedByEventId !== undefined && !isUuid(input.causedByEventId)) {
      throw invalid('EMAIL_CAUSE_INVALID', 'causedByEventId must be an event id (uuid)');
    }
    const rendered = renderEmail(input.template, input.data ?? {}, this.config.academyTimezone);
    const correlationId = input.correlationId ?? RequestContexts.current()?.correlationId ?? null;

    const em = this.em.fork();
    const inserted = await em.execute<{ id: string }[]>(
      `INSERT INTO email_outbox (id, idempotency_key, recipient, template, data, subject, text_body, html_body,
                                 caused_by_event_id, correlation_id)
       VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [newId(), key, to, input.template, JSON.stringify(input.data), rendered.subject, rendered.text, rendered.html,
        input.causedByEventId ?? null, correlationId],
    );
    if (inserted.length) return { id: inserted[0].id, created: true };
    // A separate statement: its snapshot sees a row a concurrent request committed meanwhile.
    const [existing] = await em.execute<{ id: string }[]>('SELECT id FROM email_outbox WHERE idempotency_key = ?', [key]);
    return { id: existing.id, created: false };
  }
}
