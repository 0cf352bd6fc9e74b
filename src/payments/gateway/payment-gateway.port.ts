/**
 * The academy's only way to the payment provider. Every call carries an idempotency key: derive
 * it from the command (or event) that asks, so a retried or redelivered command repeats the
 * provider's first answer instead of acting twice.
 */
export interface CreateCustomerInput {
  idempotencyKey: string;
  email: string;
  name: string;
  metadata: Record<string, string>;
}

export interface AttachPaymentMethodInput {
  idempotencyKey: string;
  customerId: string;
  /** what the browser got from Stripe.js (or a test id such as pm_card_visa) */
  paymentMethodId: string;
  /** make it the customer's default for charges (the default); false adds it beside the saved one */
  makeDefault?: boolean;
}

export interface AttachedPaymentMethod {
  /** the attached method's id: Stripe's test ids (pm_card_visa) become a new id when attached */
  paymentMethodId: string;
  brand: string | null;
  last4: string | null;
}

export interface CreatePaymentIntentInput {
  idempotencyKey: string;
  /** integer cents */
  amountCents: number;
  currency: 'cad';
  /** the family's customer when the saved method is charged */
  customerId: string | null;
  paymentMethodId: string;
  description: string;
  /** carries paymentId (and the attempt) back to us in webhooks */
  metadata: Record<string, string>;
}

export interface PaymentIntentResult {
  paymentIntentId: string;
  /** succeeded, or still settling (processing, requires_action): a webhook brings the outcome */
  status: 'succeeded' | 'processing' | 'requires_action' | (string & {});
}

export interface CreateRefundInput {
  idempotencyKey: string;
  paymentIntentId: string;
  amountCents: number;
  metadata: Record<string, string>;
}

export interface PaymentGateway {
  readonly name: string;
  createCustomer(input: CreateCustomerInput): Promise<{ customerId: string }>;
  /**
   * attaches the method; with makeDefault, makes it the customer's default
   * (invoice_settings.default_payment_method)
   */
  attachPaymentMethod(input: AttachPaymentMethodInput): Promise<AttachedPaymentMethod>;
  /** creates and confirms an intent off-session; a declined card throws card_declined */
  createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentIntentResult>;
  refund(input: CreateRefundInput): Promise<{ refundId: string; status: string }>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

/** The codes callers branch on; anything else is the provider's own code (idempotency_error, …). */
export type PaymentGatewayErrorCode =
  'card_declined' | 'invalid_payment_method' | 'gateway_unavailable' | (string & {});

/** A refusal or failure of the provider; `retryable` decides between back-off and giving up. */
export class PaymentGatewayError extends Error {
  readonly code: PaymentGatewayErrorCode;
  /** the issuer's reason for a card_declined (generic_decline, insufficient_funds, …) */
  readonly declineCode?: string;
  readonly retryable: boolean;
  /** the intent a declined charge left behind, when the provider says */
  readonly paymentIntentId?: string;

  constructor(input: {
    code: PaymentGatewayErrorCode;
    message: string;
    retryable: boolean;
    declineCode?: string;
    paymentIntentId?: string;
  }) {
    super(input.message);
    this.name = 'PaymentGatewayError';
    this.code = input.code;
    this.retryable = input.retryable;
    if (input.declineCode !== undefined) this.declineCode = input.declineCode;
    if (input.paymentIntentId !== undefined) this.paymentIntentId = input.paymentIntentId;
  }
}

/** Stripe keys are at most 255 characters; adapters append a short suffix per request. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export function checkIdempotencyKey(key: string): void {
  if (typeof key !== 'string' || !key.trim() || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new PaymentGatewayError({
      code: 'invalid_idempotency_key',
      message: `a payment gateway call needs an idempotency key of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      retryable: false,
    });
  }
}
