import { EntityManager } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import type { EmailStatus } from '../../src/notifications/email-status';
import { notFound } from '../../src/shared/domain-error';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';

export interface EmailView {
  id: string;
  recipient: string;
  template: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  causedByEventId: string | null;
}

/** One email in full: what its reader got, as text and as HTML. */
export interface EmailDetailView extends EmailView {
  text: string;
  html: string;
}

export interface EmailFilter {
  recipient?: string;
  template?: string;
  status?: EmailStatus;
  limit: number;
  cursor?: string;
}

interface EmailRow {
  id: string;
  recipient: string;
  template: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  /** ISO-8601 in UTC with microseconds: the cursor needs the precision a JS Date would drop */
  created_utc: string;
  sent_utc: string | null;
  caused_by_event_id: string | null;
}

const ISO_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const view = (r: EmailRow): EmailView => ({
  id: r.id,
  recipient: r.recipient,
  template: r.template,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: new Date(r.created_utc).toISOString(),
  sentAt: r.sent_utc ? new Date(r.sent_utc).toISOString() : null,
  causedByEventId: r.caused_by_event_id,
});

/** The email outbox, newest first: admins every email, anyone else only the emails sent to them. */
export class ListEmails {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: EmailFilter,
  ) {}
}

@QueryHandler(ListEmails)
export class ListEmailsHandler implements IQueryHandler<ListEmails, Page<EmailView>> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, filter }: ListEmails): Promise<Page<EmailView>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    scopeTo(viewer, conditions, params);
    if (filter.recipient) {
      conditions.push('recipient = ?');
      params.push(filter.recipient.trim().toLowerCase());
    }
    if (filter.template) {
      conditions.push('template = ?');
      params.push(filter.template);
    }
    if (filter.status) {
      conditions.push('status = ?');
      params.push(filter.status);
    }
    const after = decodeCursor(filter.cursor, [CursorPart.instant, CursorPart.uuid]);
    if (after) {
      const [createdAt, id] = after;
      conditions.push('(created_at, id) < (?::timestamptz, ?::uuid)');
      params.push(createdAt, id);
    }
    const rows = await this.em.fork().execute<EmailRow[]>(
      `SELECT id, recipient, template, subject, status, attempts, last_error, caused_by_event_id,
              to_char(created_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS created_utc,
              to_char(sent_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS sent_utc
         FROM email_outbox
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT ?`,
      [...params, filter.limit + 1],
    );
    return keysetPage(rows, filter.limit, (r) => [r.created_utc, r.id], view);
  }
}

/**
 * Who sees which email is decided here, once, for lists and single emails alike. The address is
 * the account's as recorded (users read model), not the token's claim.
 */
function scopeTo(viewer: AuthenticatedUser, conditions: string[], params: unknown[]): void {
  if (viewer.role === 'admin') return;
  conditions.push(`recipient = (SELECT lower(email) FROM users WHERE id = ? AND role IN ('parent', 'teacher'))`);
  params.push(viewer.id);
}

/** One email with its bodies: admins any, anyone else only one sent to them (else not found). */
export class GetEmail {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly emailId: string,
  ) {}
}

@QueryHandler(GetEmail)
export class GetEmailHandler implements IQueryHandler<GetEmail, EmailDetailView> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, emailId }: GetEmail): Promise<EmailDetailView> {
    const conditions = ['id = ?'];
    const params: unknown[] = [emailId];
    scopeTo(viewer, conditions, params);
    const [row] = await this.em.fork().execute<(EmailRow & { text_body: string; html_body: string })[]>(
      `SELECT id, recipient, template, subject, status, attempts, last_error, caused_by_event_id, text_body, html_body,
              to_char(created_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS created_utc,
              to_char(sent_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS sent_utc
         FROM email_outbox WHERE ${conditions.join(' AND ')}`,
      params,
    );
    if (!row) throw notFound('EMAIL_NOT_FOUND', `no email ${emailId}`);
    return { ...view(row), text: row.text_body, html: row.html_body };
  }
}
