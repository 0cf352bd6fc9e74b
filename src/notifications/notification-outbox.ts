import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { COMMIT_WITHOUT_FLUSH_WAIT } from '../database/commit-modes';
import { queryRows } from '../database/select-rows';
import { DomainError, invalid } from '../shared/domain-error';
import { isUuid, newId } from '../shared/ids';
import { RequestContexts } from '../shared/request-context';
import { RenderedEmail, renderEmail, TemplateName } from './templates/templates';

export interface EmailRequest {
  /** the same key never makes a second email: derive it from the event and the recipient */
  key: string;
  to: string;
  template: TemplateName;
  data: Record<string, unknown>;
  causedByEventId?: string;
  /** defaults to the current request's correlation id */
  correlationId?: string;
  /**
   * The caller appends an event after this request and, when that append does not commit, runs
   * again and requests this email again under the same key (a workflow step): the row then commits
   * without a WAL flush of its own, the append's carries it (COMMIT_WITHOUT_FLUSH_WAIT).
   */
  followedByAppend?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface EmailRequestResult {
  id: string;
  /** false: a row with this key existed already (nothing was added) */
  created: boolean;
  /** 'failed': the request could not make an email (bad recipient or template data); the row says why */
  status: 'pending' | 'failed';
  error?: string;
}

/**
 * Records emails to send. The email is rendered now, so what is sent is what the data said when
 * it was requested; the OutboxWorker sends it later, at least once.
 *
 * A request that cannot make an email (an invalid recipient address, missing or malformed
 * template data) is recorded as a failed row with the reason, visible at GET
 * /api/v1/admin/emails, instead of failing the caller: the rest of the queue, and the workflow
 * that asked, keep going. Only programming errors throw (no key, an unknown template).
 */
@Injectable()
export class NotificationOutbox {
  private readonly logger = new Logger('NotificationOutbox');

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(input: EmailRequest): Promise<EmailRequestResult> {
    const key = input.key?.trim();
    if (!key || key.length > 500)
      throw invalid('EMAIL_KEY_INVALID', 'an email needs an idempotency key of 1 to 500 characters');
    if (input.causedByEventId !== undefined && !isUuid(input.causedByEventId)) {
      throw invalid('EMAIL_CAUSE_INVALID', 'causedByEventId must be an event id (uuid)');
    }
    const to = typeof input.to === 'string' ? input.to.trim().toLowerCase() : '';
    const problems: string[] = [];
    if (!to || to.length > 254 || !EMAIL.test(to))
      problems.push(`not an email address: ${String(input.to ?? '')}`.slice(0, 300));
    let rendered: RenderedEmail | null = null;
    try {
      rendered = renderEmail(input.template, input.data ?? {}, this.config.academyTimezone);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'EMAIL_TEMPLATE_DATA_INVALID') throw error;
      problems.push(error.message);
    }
    const correlationId = input.correlationId ?? RequestContexts.current()?.correlationId ?? null;
    const failure = problems.length ? problems.join('; ') : null;
    if (failure) this.logger.warn(`email ${key} recorded as failed: ${failure}`);

    // Through the driver, as named statements: every email of every workflow comes this way.
    const inserted = await queryRows<{ id: string }>(
      this.em,
      `INSERT INTO email_outbox (id, idempotency_key, recipient, template, data, subject, text_body, html_body,
                                 caused_by_event_id, correlation_id, status, last_error)
       VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id${input.followedByAppend ? `, ${COMMIT_WITHOUT_FLUSH_WAIT} AS without_flush_wait` : ''}`,
      [
        newId(),
        key,
        to.slice(0, 254),
        input.template,
        JSON.stringify(input.data ?? {}),
        rendered?.subject ?? `(not rendered: ${input.template})`,
        rendered?.text ?? '',
        rendered?.html ?? '',
        input.causedByEventId ?? null,
        correlationId,
        failure ? 'failed' : 'pending',
        failure,
      ],
    );
    if (inserted.length)
      return failure
        ? { id: inserted[0].id, created: true, status: 'failed', error: failure }
        : { id: inserted[0].id, created: true, status: 'pending' };
    // A separate statement: its snapshot sees a row a concurrent request committed meanwhile.
    const [existing] = await queryRows<{ id: string; status: string; last_error: string | null }>(
      this.em,
      'SELECT id, status, last_error FROM email_outbox WHERE idempotency_key = ?',
      [key],
    );
    return existing.status === 'failed'
      ? { id: existing.id, created: false, status: 'failed', error: existing.last_error ?? 'failed' }
      : { id: existing.id, created: false, status: 'pending' };
  }
}
