import { Logger } from '@nestjs/common';
import { PaymentGatewayError } from '../../src/payments/gateway/payment-gateway.port';
import { StripePaymentGateway } from '../../src/payments/gateway/stripe.payment-gateway';
import { startStripeStandIn, StripeStandIn } from './support';

const SECRET_KEY = 'sk_test_cedarHeights123';

describe('StripePaymentGateway charges and refunds against a Stripe stand-in', () => {
  let standIn: StripeStandIn;
  let gateway: StripePaymentGateway;
  const charge = (paymentMethodId = 'pm_card_visa', idempotencyKey = 'payment:p1:attempt:1') =>
    gateway.createPaymentIntent({
      idempotencyKey,
      amountCents: 45_00,
      currency: 'cad',
      customerId: 'cus_family1',
      paymentMethodId,
      description: 'November lessons',
      metadata: { paymentId: 'p1', attempt: '1' },
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    standIn = await startStripeStandIn();
    gateway = new StripePaymentGateway({ secretKey: SECRET_KEY, apiUrl: standIn.url, maxNetworkRetries: 0 });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.received.length = 0;
  });

  it('creates a confirmed, off-session intent in cents and CAD with metadata.paymentId and the idempotency key', async () => {
    const result = await charge();
    expect(result).toEqual({ paymentIntentId: expect.stringMatching(/^pi_test\d+$/), status: 'succeeded' });
    expect(standIn.received).toHaveLength(1);
    const [req] = standIn.received;
    expect([req.method, req.path]).toEqual(['POST', '/v1/payment_intents']);
    expect(req.headers['idempotency-key']).toBe('payment:p1:attempt:1');
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.form).toEqual({
      amount: '4500',
      currency: 'cad',
      customer: 'cus_family1',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      off_session: 'true',
      description: 'November lessons',
      'metadata[paymentId]': 'p1',
      'metadata[attempt]': '1',
    });
  });

  it('maps a declined charge to card_declined with the decline code and the intent it left', async () => {
    const e = await charge('pm_card_chargeDeclined').then(
      () => {
        throw new Error('expected a decline');
      },
      (err: unknown) => err as PaymentGatewayError,
    );
    expect(e).toBeInstanceOf(PaymentGatewayError);
    expect(e).toMatchObject({
      code: 'card_declined',
      declineCode: 'generic_decline',
      retryable: false,
      paymentIntentId: expect.stringMatching(/^pi_test/),
    });
    expect(e.message).toBe('Stripe 402: Your card was declined.');
  });

  it('a 500 on charging is retryable and sends the same key on the SDK retry', async () => {
    const retrying = new StripePaymentGateway({ secretKey: SECRET_KEY, apiUrl: standIn.url, maxNetworkRetries: 1 });
    standIn.queue({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    const result = await retrying.createPaymentIntent({
      idempotencyKey: 'payment:p2:attempt:3',
      amountCents: 100,
      currency: 'cad',
      customerId: null,
      paymentMethodId: 'pm_card_visa',
      description: 'x',
      metadata: { paymentId: 'p2' },
    });
    expect(result.status).toBe('succeeded');
    expect(standIn.received.map((r) => r.headers['idempotency-key'])).toEqual([
      'payment:p2:attempt:3',
      'payment:p2:attempt:3',
    ]);
    expect(standIn.received[1].form.customer).toBeUndefined();
  });

  it('refunds part of an intent with its own idempotency key', async () => {
    const result = await gateway.refund({
      idempotencyKey: 'refund:p1:r1',
      paymentIntentId: 'pi_test1',
      amountCents: 20_00,
      metadata: { paymentId: 'p1', refundId: 'r1' },
    });
    expect(result).toEqual({ refundId: expect.stringMatching(/^re_test/), status: 'succeeded' });
    const [req] = standIn.received;
    expect([req.path, req.headers['idempotency-key']]).toEqual(['/v1/refunds', 'refund:p1:r1']);
    expect(req.form).toEqual({
      payment_intent: 'pi_test1',
      amount: '2000',
      'metadata[paymentId]': 'p1',
      'metadata[refundId]': 'r1',
    });
  });
});
