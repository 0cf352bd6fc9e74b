import { Migration } from '@mikro-orm/migrations';

/** The office sees, on each payment, signed Stripe events that named it without proving what they would settle. */
export class Migration20261205010001PaymentWebhookRejections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE payments
        ADD COLUMN webhook_rejections integer NOT NULL DEFAULT 0,
        ADD COLUMN last_webhook_rejection text;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'ALTER TABLE payments DROP COLUMN IF EXISTS webhook_rejections, DROP COLUMN IF EXISTS last_webhook_rejection;',
    );
  }
}
