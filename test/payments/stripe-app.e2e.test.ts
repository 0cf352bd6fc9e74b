import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import { startStripeStandIn, StripeStandIn } from './support';
import { enrolledStudent, intentEvent, signed, WEBHOOK_PATH, WEBHOOK_SECRET } from './webhook-support';

/** The whole app on the real Stripe adapter, pointed at the local stand-in. */
describe('payments through the Stripe adapter', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let standIn: StripeStandIn;
  let t: TestApp;
  let admin: string;
  let studentId: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(30_000);
  const charge = (amount: number) =>
    t.http
      .post('/api/v1/payments/process')
      .set('Authorization', `Bearer ${admin}`)
      .send({ studentId, amount, description: 'Lessons' });
  const payment = async (id: string) =>
    (await t.http.get(`/api/v1/payments/${id}`).set('Authorization', `Bearer ${admin}`)).body;
  const intents = () => standIn.received.filter((r) => r.path === '/v1/payment_intents');

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    t = await startTestApp({
      clock,
      env: {
        STRIPE_SECRET_KEY: 'sk_test_cedarHeights123',
        STRIPE_API_URL: standIn.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    admin = await t.login();
    ({ studentId } = await enrolledStudent(t, admin, settle));
  });
  afterAll(async () => {
    await t.close();
    await standIn.close();
  });
  beforeEach(() => {
    standIn.received.length = 0;
  });

  it('charges the saved card: cents, CAD, the family customer, metadata.paymentId, a key per attempt', async () => {
    const res = await charge(45);
    await settle();
    expect(await payment(res.body.paymentId)).toMatchObject({
      status: 'succeeded',
      stripePaymentIntentId: expect.stringMatching(/^pi_test/),
      receiptSent: true,
    });
    expect(intents()).toHaveLength(1);
    const [req] = intents();
    expect(req.headers['idempotency-key']).toBe(`payment:${res.body.paymentId}:attempt:1`);
    expect(req.form).toMatchObject({
      amount: '4500',
      currency: 'cad',
      customer: expect.stringMatching(/^cus_test/),
      payment_method: expect.stringMatching(/^pm_test/),
      'metadata[paymentId]': res.body.paymentId,
      'metadata[attempt]': '1',
    });
  });

  it('an intent still processing waits for the webhook, which settles it', async () => {
    standIn.queue({
      status: 200,
      body: {
        id: 'pi_processing',
        object: 'payment_intent',
        status: 'processing',
        amount: 2000,
        currency: 'cad',
        metadata: {},
      },
    });
    const res = await charge(20);
    await settle();
    expect(await payment(res.body.paymentId)).toMatchObject({ status: 'pending', attempts: 0 });
    const { payload, signature } = signed(
      intentEvent('payment_intent.succeeded', {
        paymentId: res.body.paymentId,
        attempt: 1,
        intentId: 'pi_processing',
        amountCents: 20_00,
      }),
      {
        timestamp: Math.floor(clock.now().getTime() / 1000),
      },
    );
    expect(
      (
        await t.http
          .post(WEBHOOK_PATH)
          .set('Content-Type', 'application/json')
          .set('Stripe-Signature', signature)
          .send(payload)
      ).status,
    ).toBe(200);
    await settle();
    expect(await payment(res.body.paymentId)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      stripePaymentIntentId: 'pi_processing',
      receiptSent: true,
    });
  });

  it('a Stripe outage (500 after the SDK retries, same key) is a failed attempt put on the retry schedule, not a lost payment', async () => {
    const down = { status: 500, body: { error: { type: 'api_error', message: 'Something went wrong on our end.' } } };
    standIn.queue(down, down, down);
    const res = await charge(25);
    await settle();
    const p = await payment(res.body.paymentId);
    expect(p).toMatchObject({ status: 'pending', attempts: 1, nextRetryAt: '2026-10-23T12:00:00.000Z' });
    expect(p.lastError).toContain('gateway_unavailable');
    expect(intents().map((r) => r.headers['idempotency-key'])).toEqual(
      Array(3).fill(`payment:${res.body.paymentId}:attempt:1`),
    );
    expect((await t.app.get(SubscriptionsService).parked()).length).toBe(0);
  });
});
