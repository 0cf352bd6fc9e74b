import { Migration } from '@mikro-orm/migrations';

/**
 * The simulated payment gateway's memory (used when Stripe is not configured): one row per
 * idempotency key with the first answer, so a repeated call gets that answer again, across
 * restarts, as Stripe would give it.
 */
export const PAYMENT_GATEWAY_SIMULATOR_UP_SQL = `
  CREATE TABLE payment_gateway_simulator (
    idempotency_key text PRIMARY KEY,
    operation text NOT NULL,
    request jsonb NOT NULL,
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX payment_gateway_simulator_customer_idx ON payment_gateway_simulator ((response -> 'ok' ->> 'customerId'))
    WHERE operation = 'createCustomer';
`;

export class Migration20261122000600PaymentGateway extends Migration {
  override async up(): Promise<void> {
    this.addSql(PAYMENT_GATEWAY_SIMULATOR_UP_SQL);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS payment_gateway_simulator;');
  }
}
