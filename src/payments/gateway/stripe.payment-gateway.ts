import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import {
  AttachedPaymentMethod,
  AttachPaymentMethodInput,
  checkIdempotencyKey,
  CreateCustomerInput,
  CreatePaymentIntentInput,
  CreateRefundInput,
  PaymentGateway,
  PaymentIntentResult,
  PaymentGatewayError,
} from './payment-gateway.port';

export interface StripeGatewayOptions {
  secretKey: string;
  /** another API host (a stand-in, stripe-mock, a proxy) as http(s)://host[:port]; default Stripe's */
  apiUrl?: string;
  /** the SDK's own retries of connection errors, 409 and 5xx, with the same idempotency key */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

/** The real Stripe SDK, on its pinned API version. */
export class StripePaymentGateway implements PaymentGateway {
  readonly name = 'stripe';
  private readonly logger = new Logger('StripePaymentGateway');
  protected readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    this.stripe = new Stripe(options.secretKey, {
      ...(options.apiUrl ? parseApiUrl(options.apiUrl) : {}),
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      timeout: options.timeoutMs ?? 30_000,
      typescript: true,
    });
  }

  async createCustomer(input: CreateCustomerInput): Promise<{ customerId: string }> {
    checkIdempotencyKey(input.idempotencyKey);
    const customer = await this.call('create customer', () =>
      this.stripe.customers.create(
        { email: input.email, name: input.name, metadata: input.metadata },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { customerId: customer.id };
  }

  async attachPaymentMethod(input: AttachPaymentMethodInput): Promise<AttachedPaymentMethod> {
    checkIdempotencyKey(input.idempotencyKey);
    // Two POSTs, each with its own key derived from the caller's: a retry after the first
    // succeeded replays the attach and goes on to set the default.
    const attached = await this.call('attach payment method', () =>
      this.stripe.paymentMethods.attach(
        input.paymentMethodId,
        { customer: input.customerId },
        { idempotencyKey: `${input.idempotencyKey}:attach` },
      ),
    );
    if (input.makeDefault !== false) {
      await this.call('set default payment method', () =>
        this.stripe.customers.update(
          input.customerId,
          // The attached id, not the input: Stripe's test ids (pm_card_visa) attach as a new method.
          { invoice_settings: { default_payment_method: attached.id } },
          { idempotencyKey: `${input.idempotencyKey}:default` },
        ),
      );
    }
    return { paymentMethodId: attached.id, brand: attached.card?.brand ?? null, last4: attached.card?.last4 ?? null };
  }

  async createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentIntentResult> {
    checkIdempotencyKey(input.idempotencyKey);
    const intent = await this.call('create payment intent', () =>
      this.stripe.paymentIntents.create(
        {
          amount: input.amountCents,
          currency: input.currency,
          ...(input.customerId ? { customer: input.customerId } : {}),
          payment_method: input.paymentMethodId,
          confirm: true,
          off_session: true,
          description: input.description,
          metadata: input.metadata,
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { paymentIntentId: intent.id, status: intent.status };
  }

  async refund(input: CreateRefundInput): Promise<{ refundId: string; status: string }> {
    checkIdempotencyKey(input.idempotencyKey);
    const refund = await this.call('refund', () =>
      this.stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amountCents, metadata: input.metadata },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { refundId: refund.id, status: refund.status ?? 'pending' };
  }

  protected async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      // Not an answer from Stripe (a bug here or in the SDK): do not disguise it as a refusal.
      if (!(error instanceof Stripe.errors.StripeError)) throw error;
      const mapped = toGatewayError(error);
      this.logger.debug(
        `${what} failed: ${mapped.code}${mapped.declineCode ? `/${mapped.declineCode}` : ''}: ${mapped.message}`,
      );
      throw mapped;
    }
  }
}

/** Splits http(s)://host[:port] into the SDK's host, port and protocol options. */
export function parseApiUrl(apiUrl: string): { host: string; port: number; protocol: 'http' | 'https' } {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`STRIPE_API_URL must be an http(s) URL (got "${apiUrl}")`);
  }
  const protocol = url.protocol.slice(0, -1);
  if ((protocol !== 'http' && protocol !== 'https') || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`STRIPE_API_URL must be http(s)://host[:port] without a path (got "${apiUrl}")`);
  }
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80, protocol };
}

/**
 * Card errors are the family's card; a refused payment method will not get better by retrying;
 * connection trouble, rate limits, conflicts and 5xx are Stripe having a bad moment.
 */
export function toGatewayError(error: Stripe.errors.StripeError): PaymentGatewayError {
  const message = `Stripe${error.statusCode ? ` ${error.statusCode}` : ''}: ${error.message}`;
  if (error instanceof Stripe.errors.StripeCardError) {
    // The SDK makes a missing decline_code '' (expired_card, incorrect_cvc carry only a code).
    const intentId = (error.payment_intent as { id?: string } | undefined)?.id;
    return new PaymentGatewayError({
      code: 'card_declined',
      declineCode: error.decline_code || error.code,
      message,
      retryable: false,
      ...(intentId ? { paymentIntentId: intentId } : {}),
    });
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeAPIError &&
      (error.statusCode === undefined || error.statusCode === 409 || error.statusCode >= 500))
  ) {
    return new PaymentGatewayError({ code: 'gateway_unavailable', message, retryable: true });
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError && isAboutThePaymentMethod(error)) {
    return new PaymentGatewayError({ code: 'invalid_payment_method', message, retryable: false });
  }
  return new PaymentGatewayError({ code: error.code ?? error.rawType ?? 'stripe_error', message, retryable: false });
}

function isAboutThePaymentMethod(error: Stripe.errors.StripeError): boolean {
  return (
    (error.param ?? '').startsWith('payment_method') ||
    (error.code ?? '').startsWith('payment_method_') ||
    /payment ?method/i.test(error.message)
  );
}
