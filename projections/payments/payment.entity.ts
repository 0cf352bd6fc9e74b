import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'payments' })
export class PaymentRow {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) studentId!: string;
  @Property({ type: 'uuid' }) parentId!: string;
  @Property({ type: 'uuid', nullable: true }) lessonId: string | null = null;
  @Property({ type: 'integer' }) amountCents!: number;
  @Property({ type: 'text' }) currency!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'integer' }) attempts: number = 0;
  @Property({ type: 'text', nullable: true }) stripePaymentIntentId: string | null = null;
  @Property({ type: 'boolean' }) receiptSent: boolean = false;
  @Property({ type: 'integer' }) refundedCents: number = 0;
  @Property({ type: 'timestamptz', nullable: true }) nextRetryAt: Date | null = null;
  @Property({ type: 'integer', nullable: true }) nextRetryAttempt: number | null = null;
  @Property({ type: 'text', nullable: true }) lastError: string | null = null;
  /** signed Stripe events that named this payment without proving what they would settle */
  @Property({ type: 'integer' }) webhookRejections: number = 0;
  /** the last of them: when, which event, why */
  @Property({ type: 'text', nullable: true }) lastWebhookRejection: string | null = null;
  @Property({ type: 'text' }) instrument!: string;
  @Property({ type: 'uuid', nullable: true }) teacherId: string | null = null;
  @Property({ type: 'timestamptz' }) requestedAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'ledger_entries' })
export class LedgerEntryRow {
  /** the id of the event that posted it */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) kind!: 'charge' | 'refund';
  @Property({ type: 'uuid' }) paymentId!: string;
  @Property({ type: 'text', nullable: true }) refundId: string | null = null;
  @Property({ type: 'uuid' }) parentId!: string;
  @Property({ type: 'uuid' }) studentId!: string;
  @Property({ type: 'text' }) instrument!: string;
  @Property({ type: 'uuid', nullable: true }) teacherId: string | null = null;
  @Property({ type: 'integer' }) amountCents!: number;
  /** the family's balance after this entry */
  @Property({ type: 'bigint' }) balanceCents!: string;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'bigint' }) position!: string;
}

@Entity({ tableName: 'family_payment_methods' })
export class FamilyPaymentMethodRow {
  @PrimaryKey({ type: 'uuid' }) parentId!: string;
  @Property({ type: 'text' }) customerId!: string;
  @Property({ type: 'text' }) paymentMethodId!: string;
  @Property({ type: 'text', nullable: true }) brand: string | null = null;
  @Property({ type: 'text', nullable: true }) last4: string | null = null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'payment_intents' })
export class PaymentIntentRow {
  @PrimaryKey({ type: 'text' }) intentId!: string;
  @Property({ type: 'uuid' }) paymentId!: string;
}
