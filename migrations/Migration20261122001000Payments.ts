import { Migration } from '@mikro-orm/migrations';

/**
 * Read models of payments: each payment, the ledger of charges and refunds (per family and
 * student, with the family's running balance), the family's saved payment method, and which
 * payment each Stripe intent belongs to. stripe_webhook_events is the webhook's log of Stripe
 * event ids already handled.
 */
export class Migration20261122001000Payments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL,
        parent_id uuid NOT NULL,
        lesson_id uuid NULL,
        amount_cents integer NOT NULL,
        currency text NOT NULL,
        description text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        stripe_payment_intent_id text NULL,
        receipt_sent boolean NOT NULL DEFAULT false,
        refunded_cents integer NOT NULL DEFAULT 0,
        next_retry_at timestamptz NULL,
        next_retry_attempt integer NULL,
        last_error text NULL,
        instrument text NOT NULL,
        teacher_id uuid NULL,
        requested_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX payments_time_idx ON payments (requested_at, id);
      CREATE INDEX payments_parent_idx ON payments (parent_id, requested_at, id);
      CREATE INDEX payments_student_idx ON payments (student_id, requested_at, id);
      CREATE INDEX payments_retry_due_idx ON payments (next_retry_at) WHERE status = 'pending' AND next_retry_at IS NOT NULL;

      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
        payment_id uuid NOT NULL,
        refund_id text NULL,
        parent_id uuid NOT NULL,
        student_id uuid NOT NULL,
        instrument text NOT NULL,
        teacher_id uuid NULL,
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        balance_cents bigint NOT NULL,
        at timestamptz NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ledger_entries_time_idx ON ledger_entries (at);
      CREATE INDEX ledger_entries_parent_idx ON ledger_entries (parent_id, position);
      CREATE INDEX ledger_entries_student_idx ON ledger_entries (student_id, position);

      CREATE TABLE family_payment_methods (
        parent_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        payment_method_id text NOT NULL,
        brand text NULL,
        last4 text NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE payment_intents (
        intent_id text PRIMARY KEY,
        payment_id uuid NOT NULL
      );

      CREATE TABLE stripe_webhook_events (
        event_id text PRIMARY KEY,
        type text NOT NULL,
        payment_id uuid NULL,
        received_at timestamptz NOT NULL
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP TABLE IF EXISTS stripe_webhook_events, payment_intents, family_payment_methods, ledger_entries, payments;',
    );
  }
}
