import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { PaymentGatewayError } from '../../src/payments/gateway/payment-gateway.port';
import {
  parseApiUrl,
  StripeGatewayOptions,
  StripePaymentGateway,
} from '../../src/payments/gateway/stripe.payment-gateway';
import { startStripeStandIn, StripeStandIn } from './support';

const SECRET_KEY = 'sk_test_cedarHeights123';

describe('StripePaymentGateway against a Stripe stand-in', () => {
  let standIn: StripeStandIn;
  const gateway = (options: Partial<StripeGatewayOptions> = {}) =>
    new StripePaymentGateway({ secretKey: SECRET_KEY, apiUrl: standIn.url, ...options });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(PaymentGatewayError);
        return error as PaymentGatewayError;
      },
    );
  const attachVisa = (g = gateway()) =>
    g.attachPaymentMethod({
      idempotencyKey: 'enroll-1:pm',
      customerId: 'cus_family1',
      paymentMethodId: 'pm_card_visa',
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    standIn = await startStripeStandIn();
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.received.length = 0;
  });

  it('createCustomer: POST /v1/customers, form-encoded, with the secret key and the idempotency key', async () => {
    const result = await gateway().createCustomer({
      idempotencyKey: 'enroll-1:customer',
      email: 'parent@example.com',
      name: 'Ada Lovelace',
      metadata: { family_id: 'fam-1', source: 'enrollment' },
    });

    expect(result).toEqual({ customerId: 'cus_test1' });
    expect(standIn.received).toHaveLength(1);
    const [req] = standIn.received;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/customers');
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.headers['idempotency-key']).toBe('enroll-1:customer');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['stripe-version']).toBe(Stripe.API_VERSION);
    expect(req.form).toEqual({
      email: 'parent@example.com',
      name: 'Ada Lovelace',
      'metadata[family_id]': 'fam-1',
      'metadata[source]': 'enrollment',
    });
  });

  it('attachPaymentMethod: attaches, then makes the attached method the default, each POST with its own key', async () => {
    const result = await attachVisa();

    expect(result).toEqual({ paymentMethodId: expect.stringMatching(/^pm_test\d+$/), brand: 'visa', last4: '4242' });
    expect(standIn.received.map((r) => [r.method, r.path, r.headers['idempotency-key'], r.form])).toEqual([
      ['POST', '/v1/payment_methods/pm_card_visa/attach', 'enroll-1:pm:attach', { customer: 'cus_family1' }],
      [
        'POST',
        '/v1/customers/cus_family1',
        'enroll-1:pm:default',
        { 'invoice_settings[default_payment_method]': result.paymentMethodId },
      ],
    ]);
    for (const req of standIn.received) {
      expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    }
  });

  it.each([
    [
      'insufficient_funds',
      { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    ],
    ['stolen_card', { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' }],
    ['expired_card', { code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' }],
  ])('402 card_error → card_declined with decline code %s, and no default is set', async (declineCode, error) => {
    standIn.queue({ status: 402, body: { error: { type: 'card_error', ...error } } });
    const e = await failure(attachVisa());
    expect(e).toMatchObject({ code: 'card_declined', declineCode, retryable: false });
    expect(e.message).toBe(`Stripe 402: ${error.message}`);
    expect(standIn.received).toHaveLength(1);
  });

  it('400 about the payment method → invalid_payment_method, not retryable', async () => {
    standIn.queue({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'payment_method',
          message: "No such PaymentMethod: 'pm_nope'",
        },
      },
    });
    const e = await failure(
      gateway().attachPaymentMethod({ idempotencyKey: 'k', customerId: 'cus_family1', paymentMethodId: 'pm_nope' }),
    );
    expect(e).toMatchObject({
      code: 'invalid_payment_method',
      retryable: false,
      message: "Stripe 400: No such PaymentMethod: 'pm_nope'",
    });
    expect(e.declineCode).toBeUndefined();
    expect(standIn.received).toHaveLength(1);
  });

  it("other invalid requests keep Stripe's code, not retryable", async () => {
    standIn.queue({
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'customer',
          message: "No such customer: 'cus_gone'",
        },
      },
    });
    const e = await failure(
      gateway().attachPaymentMethod({ idempotencyKey: 'k', customerId: 'cus_gone', paymentMethodId: 'pm_card_visa' }),
    );
    expect(e).toMatchObject({ code: 'resource_missing', retryable: false });
  });

  it('500 → gateway_unavailable, retryable (SDK retries off: one request)', async () => {
    standIn.queue({ status: 500, body: { error: { type: 'api_error', message: 'Something went wrong on our end.' } } });
    const e = await failure(
      gateway({ maxNetworkRetries: 0 }).createCustomer({
        idempotencyKey: 'k500',
        email: 'p@example.com',
        name: 'P',
        metadata: {},
      }),
    );
    expect(e).toMatchObject({
      code: 'gateway_unavailable',
      retryable: true,
      message: 'Stripe 500: Something went wrong on our end.',
    });
    expect(standIn.received).toHaveLength(1);
  });

  it('500 twice, then 200: the SDK retries twice with the same idempotency key (maxNetworkRetries 2)', async () => {
    const apiError = {
      status: 500,
      body: { error: { type: 'api_error', message: 'Something went wrong on our end.' } },
    };
    standIn.queue(apiError, apiError);
    const result = await gateway().createCustomer({
      idempotencyKey: 'k-retried',
      email: 'p@example.com',
      name: 'P',
      metadata: {},
    });
    expect(result.customerId).toMatch(/^cus_test\d+$/);
    expect(standIn.received.map((r) => r.headers['idempotency-key'])).toEqual(['k-retried', 'k-retried', 'k-retried']);
  });

  it('429 → gateway_unavailable, retryable', async () => {
    standIn.queue({
      status: 429,
      body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests.' } },
    });
    const e = await failure(
      gateway({ maxNetworkRetries: 0 }).createCustomer({
        idempotencyKey: 'k429',
        email: 'p@example.com',
        name: 'P',
        metadata: {},
      }),
    );
    expect(e).toMatchObject({ code: 'gateway_unavailable', retryable: true });
  });

  it('an unreachable Stripe → gateway_unavailable, retryable', async () => {
    const gone = await startStripeStandIn();
    await gone.close();
    const e = await failure(
      gateway({ apiUrl: gone.url, maxNetworkRetries: 0 }).createCustomer({
        idempotencyKey: 'k-gone',
        email: 'p@example.com',
        name: 'P',
        metadata: {},
      }),
    );
    expect(e).toMatchObject({ code: 'gateway_unavailable', retryable: true });
  });

  it('refuses a missing idempotency key before calling Stripe', async () => {
    const e = await failure(
      gateway().createCustomer({ idempotencyKey: ' ', email: 'p@example.com', name: 'P', metadata: {} }),
    );
    expect(e).toMatchObject({ code: 'invalid_idempotency_key', retryable: false });
    expect(standIn.received).toHaveLength(0);
  });

  it('parseApiUrl: http(s)://host[:port] only', () => {
    expect(parseApiUrl('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(parseApiUrl('https://stripe.internal/')).toEqual({ host: 'stripe.internal', port: 443, protocol: 'https' });
    expect(() => parseApiUrl('ftp://x')).toThrow(/STRIPE_API_URL/);
    expect(() => parseApiUrl('http://x/v1')).toThrow(/STRIPE_API_URL/);
    expect(() => parseApiUrl('not a url')).toThrow(/STRIPE_API_URL/);
  });
});
