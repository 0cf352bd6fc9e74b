import { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import { chargeRefundedEvent, enrolledStudent, intentEvent, signed, WEBHOOK_PATH, WEBHOOK_SECRET } from './webhook-support';

describe('Stripe webhooks', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  const now = () => Math.floor(clock.now().getTime() / 1000);
  let t: TestApp;
  let admin: string;
  let studentId: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  const post = (payload: string, signature?: string) => {
    const req = t.http.post(WEBHOOK_PATH).set('Content-Type', 'application/json');
    return (signature === undefined ? req : req.set('Stripe-Signature', signature)).send(payload);
  };
  const deliver = (event: object, timestamp = now()) => {
    const { payload, signature } = signed(event, { timestamp });
    return post(payload, signature);
  };
  const stored = async (paymentId: string) => t.app.get<EventStore>(EVENT_STORE).readStream(`payment-${paymentId}`);
  const payment = async (id: string) => (await as(t.http.get(`/api/v1/payments/${id}`))).body;
  /** A payment whose first attempt was declined: pending, waiting for a retry. */
  const declinedPayment = async (amount = 30) => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({ studentId, amount, description: 'Lessons', paymentMethodId: 'pm_card_chargeDeclined' });
    await settle();
    return res.body.paymentId as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = await t.login();
    ({ studentId } = await enrolledStudent(t, admin, settle));
  });
  afterAll(() => t.close());

  it('refuses a missing, forged, tampered or stale signature with 400, and nothing changes', async () => {
    const paymentId = await declinedPayment();
    const before = (await stored(paymentId)).length;
    const event = intentEvent('payment_intent.succeeded', { paymentId, attempt: 2, intentId: 'pi_forged', amountCents: 30_00 });
    const { payload } = signed(event, { timestamp: now() });

    const missing = await post(payload);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('Stripe-Signature') });
    expect((await post(payload, signed(event, { secret: 'whsec_somebodyElse', timestamp: now() }).signature)).status).toBe(400);
    expect((await post(payload, 't=123,v1=deadbeef')).status).toBe(400);
    const tampered = payload.replace('"amount":3000', '"amount":1');
    expect((await post(tampered, signed(event, { timestamp: now() }).signature)).status).toBe(400);
    const stale = await deliver(event, now() - 301);
    expect(stale.status).toBe(400);
    expect(stale.body.message).toMatch(/signature/i);

    await settle();
    expect(await stored(paymentId)).toHaveLength(before);
    expect(await payment(paymentId)).toMatchObject({ status: 'pending' });
    // Within the tolerance it is accepted.
    expect((await deliver(event, now() - 299)).status).toBe(200);
  });

  it('payment_intent.succeeded settles a pending payment, by the stripe actor; a duplicate gets 200 and changes nothing', async () => {
    const paymentId = await declinedPayment(42.5);
    const event = intentEvent('payment_intent.succeeded', { paymentId, attempt: 2, intentId: 'pi_wh_ok', amountCents: 42_50 });
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true });
    await settle();
    const after = await stored(paymentId);
    const succeeded = after.find((e) => e.type === 'PaymentSucceeded')!;
    expect(succeeded.metadata.actor).toEqual({ id: 'stripe', role: 'stripe' });
    expect(succeeded.data).toMatchObject({ source: 'webhook', stripeEventId: event.id, paymentIntentId: 'pi_wh_ok' });
    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', receiptSent: true, stripePaymentIntentId: 'pi_wh_ok' });

    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true, duplicate: true });
    await settle();
    expect(await stored(paymentId)).toHaveLength(after.length);
    const receipts = await t.app.get(EntityManager).fork().execute("SELECT 1 FROM email_outbox WHERE template = 'payment-receipt' AND data ->> 'receiptNumber' = ?", [paymentId]);
    expect(receipts).toHaveLength(1);
  });

  it('out of order: the failure of attempt 1 arriving after the success of attempt 2 leaves it succeeded', async () => {
    const paymentId = await declinedPayment();
    const f = { paymentId, amountCents: 30_00 };
    expect((await deliver(intentEvent('payment_intent.succeeded', { ...f, attempt: 2, intentId: 'pi_a2' }))).status).toBe(200);
    expect((await deliver(intentEvent('payment_intent.payment_failed', { ...f, attempt: 1, intentId: 'pi_a1' }))).status).toBe(200);
    await settle();
    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', stripePaymentIntentId: 'pi_a2', nextRetryAt: null });
    expect((await stored(paymentId)).filter((e) => e.type === 'PaymentFailed')).toHaveLength(1);
  });

  it('our own result first, the webhook second: a no-op', async () => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({ studentId, amount: 20, description: 'Lessons', paymentMethodId: 'pm_card_visa' });
    await settle();
    const paymentId = res.body.paymentId;
    const p = await payment(paymentId);
    expect(p.status).toBe('succeeded');
    const before = await stored(paymentId);
    expect((await deliver(intentEvent('payment_intent.succeeded', { paymentId, attempt: 1, intentId: p.stripePaymentIntentId, amountCents: 20_00 }))).status).toBe(200);
    await settle();
    expect(await stored(paymentId)).toHaveLength(before.length);
  });

  it('charge.refunded: partial then full (Stripe sends running totals), also when it overtakes the success', async () => {
    const paymentId = await declinedPayment(50);
    const f = { paymentId, attempt: 2, intentId: 'pi_refund', amountCents: 50_00 };
    // The refund arrives before the success it follows: the charge is recorded first.
    expect((await deliver(chargeRefundedEvent({ ...f, amountRefundedCents: 10_00 }))).status).toBe(200);
    expect((await deliver(intentEvent('payment_intent.succeeded', f))).status).toBe(200);
    await settle();
    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', refundedAmount: 10 });
    expect((await deliver(chargeRefundedEvent({ ...f, amountRefundedCents: 50_00 }))).status).toBe(200);
    // An older total arriving late changes nothing.
    expect((await deliver(chargeRefundedEvent({ ...f, amountRefundedCents: 10_00 }))).status).toBe(200);
    await settle();
    expect(await payment(paymentId)).toMatchObject({ status: 'refunded', refundedAmount: 50 });
    const [parentId] = (await stored(paymentId)).filter((e) => e.type === 'PaymentRequested').map((e) => (e.data as { parentId: string }).parentId);
    const ledger = (await as(t.http.get(`/api/v1/payments/ledger?parentId=${parentId}`))).body;
    expect(ledger.items.filter((x: { paymentId: string }) => x.paymentId === paymentId).map((x: { kind: string; amount: number }) => `${x.kind}:${x.amount}`)).toEqual([
      'charge:50',
      'refund:10',
      'refund:40',
    ]);
  });

  it('acknowledges event types it does not handle, and payments that are not ours', async () => {
    const other = await deliver({ id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ received: true, ignored: 'customer.created is not handled' });
    const stranger = await deliver(intentEvent('payment_intent.succeeded', { paymentId: newId(), attempt: 1, intentId: 'pi_x', amountCents: 100 }));
    expect(stranger.body).toEqual({ received: true, ignored: 'not one of our payments' });
  });
});

describe('Stripe webhooks, rate limited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { payload, signature } = signed({ id: `evt_rl_${i}`, object: 'event', type: 'customer.created', data: { object: {} } }, { timestamp: Math.floor(Date.now() / 1000) });
      statuses.push((await t.http.post(WEBHOOK_PATH).set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(payload)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
