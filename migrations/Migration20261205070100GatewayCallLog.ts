import { Migration } from '@mikro-orm/migrations';

/**
 * The simulated payment gateway's call log: one row per call it receives, first or repeated, and
 * whether it decided the answer (a charge, a refund, a customer made) or replayed the stored one.
 * payment_gateway_simulator keeps one row per idempotency key, so it cannot tell how often the
 * academy called; this log can, and the crash suites count on it.
 */
export const PAYMENT_GATEWAY_CALLS_UP_SQL = `
  CREATE TABLE payment_gateway_calls (
    id bigserial PRIMARY KEY,
    idempotency_key text NOT NULL,
    operation text NOT NULL,
    request jsonb NOT NULL,
    outcome text NOT NULL CONSTRAINT payment_gateway_calls_outcome_check CHECK (outcome IN ('decided', 'replayed')),
    called_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX payment_gateway_calls_key_idx ON payment_gateway_calls (idempotency_key);
`;

export class Migration20261205070100GatewayCallLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(PAYMENT_GATEWAY_CALLS_UP_SQL);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS payment_gateway_calls;');
  }
}
