import { Migration } from '@mikro-orm/migrations';

/**
 * The notification outbox: one row per email the academy owes someone, rendered when it was
 * requested and sent by the outbox worker. The idempotency key makes a redelivered event add
 * nothing; the partial due index stays small however many sent rows pile up.
 */
export const EMAIL_OUTBOX_UP_SQL = `
  CREATE TABLE email_outbox (
    id uuid PRIMARY KEY,
    idempotency_key text NOT NULL,
    recipient text NOT NULL,
    template text NOT NULL,
    data jsonb NOT NULL,
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text NOT NULL,
    caused_by_event_id uuid NULL,
    correlation_id text NULL,
    status text NOT NULL DEFAULT 'pending'
      CONSTRAINT email_outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'delivered_locally', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text NULL,
    provider_message_id text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz NULL,
    CONSTRAINT email_outbox_idempotency_key_key UNIQUE (idempotency_key)
  );
  CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at) WHERE status IN ('pending', 'sending');
  CREATE INDEX email_outbox_created_idx ON email_outbox (created_at DESC, id DESC);
  CREATE INDEX email_outbox_recipient_idx ON email_outbox (recipient, created_at DESC, id DESC);
  CREATE INDEX email_outbox_template_idx ON email_outbox (template, created_at DESC, id DESC);
`;

export class Migration20261122000400Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(EMAIL_OUTBOX_UP_SQL);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS email_outbox;');
  }
}
