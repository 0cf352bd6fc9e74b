import { EntityManager } from '@mikro-orm/postgresql';
import Stripe from 'stripe';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import {
  chargeRefundedEvent,
  enrolledStudent,
  intentEvent,
  recordedIntent,
  signed,
  WEBHOOK_PATH,
  WEBHOOK_SECRET,
} from './webhook-support';

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
  /** A payment whose first attempt was declined: pending, waiting for a retry; the declined intent is recorded for attempt 1. */
  const declinedPayment = async (amount = 30) => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({
      studentId,
      amount,
      description: 'Lessons',
      paymentMethodId: 'pm_card_chargeDeclined',
    });
    await settle();
    return res.body.paymentId as string;
  };
  const intentOf = (paymentId: string) => recordedIntent(t, admin, paymentId);
  const handled = async () =>
    (
      await t.app
        .get(EntityManager)
        .fork()
        .execute<{ n: number }[]>('SELECT count(*)::int AS n FROM stripe_webhook_events')
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    admin = await t.login();
    ({ studentId } = await enrolledStudent(t, admin, settle));
  });
  afterAll(() => t.close());

  it('refuses a missing, forged, tampered or stale signature with 400, and nothing changes', async () => {
    const paymentId = await declinedPayment();
    const before = (await stored(paymentId)).length;
    const event = intentEvent('payment_intent.succeeded', {
      paymentId,
      attempt: 1,
      intentId: await intentOf(paymentId),
      amountCents: 30_00,
    });
    const { payload } = signed(event, { timestamp: now() });

    const missing = await post(payload);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('Stripe-Signature'),
    });
    expect(
      (await post(payload, signed(event, { secret: 'whsec_somebodyElse', timestamp: now() }).signature)).status,
    ).toBe(400);
    expect((await post(payload, 't=123,v1=deadbeef')).status).toBe(400);
    const tampered = payload.replace('"amount":3000', '"amount":1');
    expect((await post(tampered, signed(event, { timestamp: now() }).signature)).status).toBe(400);
    const stale = await deliver(event, now() - 301);
    expect(stale.status).toBe(400);
    expect(stale.body.message).toBe('the Stripe signature is older than 5 minutes');
    // Whatever is wrong with the header, the answer says so plainly, without the SDK's internals.
    for (const header of [
      't=123',
      'v1=abc',
      ',',
      't=,v1=',
      'garbage',
      `t=${now()}`,
      `t=${now()},v1=`,
      `t=${now()},v0=abc`,
    ]) {
      const res = await post(payload, header);
      expect({ header, status: res.status, message: res.body.message }).toEqual({
        header,
        status: 400,
        message: expect.stringMatching(
          /^the Stripe signature (does not verify for this body|is older than 5 minutes)$/,
        ),
      });
    }

    await settle();
    expect(await stored(paymentId)).toHaveLength(before);
    expect(await payment(paymentId)).toMatchObject({ status: 'pending' });
    // Within the tolerance it is accepted.
    expect((await deliver(event, now() - 299)).status).toBe(200);
  });

  it('payment_intent.succeeded settles a pending payment, by the stripe actor; a duplicate gets 200 and changes nothing', async () => {
    const paymentId = await declinedPayment(42.5);
    const intentId = await intentOf(paymentId);
    const event = intentEvent('payment_intent.succeeded', { paymentId, attempt: 1, intentId, amountCents: 42_50 });
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true });
    await settle();
    const after = await stored(paymentId);
    const succeeded = after.find((e) => e.type === 'PaymentSucceeded')!;
    expect(succeeded.metadata.actor).toEqual({ id: 'stripe', role: 'stripe' });
    expect(succeeded.data).toMatchObject({ source: 'webhook', stripeEventId: event.id, paymentIntentId: intentId });
    expect(await payment(paymentId)).toMatchObject({
      status: 'succeeded',
      receiptSent: true,
      stripePaymentIntentId: intentId,
      webhookRejections: { count: 0, last: null },
    });

    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true, duplicate: true });
    await settle();
    expect(await stored(paymentId)).toHaveLength(after.length);
    const receipts = await t.app
      .get(EntityManager)
      .fork()
      .execute("SELECT 1 FROM email_outbox WHERE template = 'payment-receipt' AND data ->> 'receiptNumber' = ?", [
        paymentId,
      ]);
    expect(receipts).toHaveLength(1);
  });

  it('out of order: the failure of an intent arriving after its success leaves it succeeded', async () => {
    const paymentId = await declinedPayment();
    const f = { paymentId, amountCents: 30_00, attempt: 1, intentId: await intentOf(paymentId) };
    expect((await deliver(intentEvent('payment_intent.succeeded', f))).status).toBe(200);
    expect((await deliver(intentEvent('payment_intent.payment_failed', f))).status).toBe(200);
    await settle();
    expect(await payment(paymentId)).toMatchObject({
      status: 'succeeded',
      stripePaymentIntentId: f.intentId,
      nextRetryAt: null,
    });
    expect((await stored(paymentId)).filter((e) => e.type === 'PaymentFailed')).toHaveLength(1);
  });

  it('our own result first, the webhook second: a no-op', async () => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({
      studentId,
      amount: 20,
      description: 'Lessons',
      paymentMethodId: 'pm_card_visa',
    });
    await settle();
    const paymentId = res.body.paymentId;
    const p = await payment(paymentId);
    expect(p.status).toBe('succeeded');
    const before = await stored(paymentId);
    expect(
      (
        await deliver(
          intentEvent('payment_intent.succeeded', {
            paymentId,
            attempt: 1,
            intentId: p.stripePaymentIntentId,
            amountCents: 20_00,
          }),
        )
      ).status,
    ).toBe(200);
    await settle();
    expect(await stored(paymentId)).toHaveLength(before.length);
  });

  it('charge.refunded: partial then full (Stripe sends running totals), also when it overtakes the success', async () => {
    const paymentId = await declinedPayment(50);
    const f = { paymentId, attempt: 1, intentId: await intentOf(paymentId), amountCents: 50_00 };
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
    const [parentId] = (await stored(paymentId))
      .filter((e) => e.type === 'PaymentRequested')
      .map((e) => (e.data as { parentId: string }).parentId);
    const ledger = (await as(t.http.get(`/api/v1/payments/ledger?parentId=${parentId}`))).body;
    expect(
      ledger.items
        .filter((x: { paymentId: string }) => x.paymentId === paymentId)
        .map((x: { kind: string; amount: number }) => `${x.kind}:${x.amount}`),
    ).toEqual(['charge:50', 'refund:10', 'refund:40']);
  });

  it('a signed payment_intent.succeeded that does not prove the payment (another intent, amount or currency) settles nothing, and the office sees why', async () => {
    const paymentId = await declinedPayment(20);
    const intentId = await intentOf(paymentId);
    const before = await stored(paymentId);
    const claims = [
      [
        { intentId: 'pi_other', amountCents: 1, currency: 'usd' },
        'payment intent pi_other was never recorded for this payment',
      ],
      [{ intentId: 'pi_other', amountCents: 20_00 }, 'payment intent pi_other was never recorded for this payment'],
      [{ intentId, amountCents: 1 }, "amount 1 cents is not the payment's 2000 cents"],
      [{ intentId, amountCents: 20_00, currency: 'usd' }, "currency usd is not the payment's CAD"],
      [
        { intentId, amountCents: 20_00, attempt: 2 },
        `payment intent ${intentId} was recorded for attempt 1, not attempt 2`,
      ],
    ] as const;
    for (const [claim, reason] of claims) {
      for (const type of ['payment_intent.succeeded', 'payment_intent.payment_failed'] as const) {
        const res = await deliver(intentEvent(type, { paymentId, attempt: 1, ...claim }));
        expect({ type, claim, status: res.status, body: res.body }).toEqual({
          type,
          claim,
          status: 200,
          body: { received: true, rejected: reason },
        });
      }
    }
    await settle();
    const after = await stored(paymentId);
    expect(after.slice(before.length).map((e) => e.type)).toEqual(
      Array(claims.length * 2).fill('PaymentWebhookRejected'),
    );
    expect(after.slice(before.length)[0].data).toMatchObject({
      paymentIntentId: 'pi_other',
      amountCents: 1,
      currency: 'usd',
      eventType: 'payment_intent.succeeded',
      reason: claims[0][1],
    });
    const p = await payment(paymentId);
    expect(p).toMatchObject({ status: 'pending', receiptSent: false, stripePaymentIntentId: intentId });
    expect(p.webhookRejections).toEqual({
      count: claims.length * 2,
      last: expect.stringContaining(`payment_intent.payment_failed evt_`),
    });
    expect(p.webhookRejections.last).toContain(claims[claims.length - 1][1]);
    const ledger = (await as(t.http.get(`/api/v1/payments/ledger?studentId=${studentId}&limit=200`))).body;
    expect(ledger.items.filter((x: { paymentId: string }) => x.paymentId === paymentId)).toEqual([]);
    const receipts = await t.app
      .get(EntityManager)
      .fork()
      .execute("SELECT 1 FROM email_outbox WHERE template = 'payment-receipt' AND data ->> 'receiptNumber' = ?", [
        paymentId,
      ]);
    expect(receipts).toHaveLength(0);
    // The intent that was recorded, for the payment's amount, still settles it.
    expect(
      (await deliver(intentEvent('payment_intent.succeeded', { paymentId, attempt: 1, intentId, amountCents: 20_00 })))
        .body,
    ).toEqual({ received: true });
    await settle();
    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', receiptSent: true });
  });

  it('a signed charge.refunded for the charge of another intent, or another amount, refunds nothing', async () => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({
      studentId,
      amount: 20,
      description: 'Lessons',
      paymentMethodId: 'pm_card_visa',
    });
    await settle();
    const paymentId = res.body.paymentId;
    const intentId = await intentOf(paymentId);
    for (const [claim, reason] of [
      [
        { intentId: 'pi_other', amountCents: 20_00 },
        `the charge is of payment intent pi_other, not of ${intentId}, which paid`,
      ],
      [{ intentId, amountCents: 1 }, "amount 1 cents is not the payment's 2000 cents"],
      [{ intentId, amountCents: 20_00, currency: 'usd' }, "currency usd is not the payment's CAD"],
    ] as const) {
      const r = await deliver(chargeRefundedEvent({ paymentId, attempt: 1, amountRefundedCents: 20_00, ...claim }));
      expect(r.body).toEqual({ received: true, rejected: reason });
    }
    await settle();
    expect(await payment(paymentId)).toMatchObject({
      status: 'succeeded',
      refundedAmount: 0,
      webhookRejections: { count: 3 },
    });
  });

  it.each([
    ['an array', [1, 2, 3], 'the webhook body is not a Stripe event (an object with id, type and data.object)'],
    [
      'no data',
      { id: 'evt_nodata', object: 'event', type: 'payment_intent.succeeded' },
      'the event has no data.object',
    ],
    [
      'data.object null',
      { id: 'evt_nullobject', object: 'event', type: 'payment_intent.succeeded', data: { object: null } },
      'the event has no data.object',
    ],
    [
      'no event id',
      { object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } },
      'the event has no id',
    ],
    ['no type', { id: 'evt_notype', object: 'event', data: { object: {} } }, 'the event has no type'],
    [
      'an intent without id',
      {
        id: 'evt_noid',
        object: 'event',
        type: 'payment_intent.succeeded',
        data: { object: { amount: 100, currency: 'cad' } },
      },
      'payment_intent.succeeded: data.object.id must be a string',
    ],
    [
      'an intent without amount',
      {
        id: 'evt_noamount',
        object: 'event',
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi_1', currency: 'cad' } },
      },
      'payment_intent.succeeded: data.object.amount must be a whole number of cents',
    ],
    [
      'a charge without amount_refunded',
      {
        id: 'evt_norefund',
        object: 'event',
        type: 'charge.refunded',
        data: { object: { id: 'ch_1', amount: 100, currency: 'cad' } },
      },
      'charge.refunded: data.object.amount_refunded must be a whole number of cents',
    ],
  ])(
    'a signed but malformed body (%s) answers 400 with a plain message and stores nothing',
    async (_what, body, message) => {
      const paymentId = await declinedPayment();
      const intentId = await intentOf(paymentId);
      // Aimed at a real payment where the shape allows, so that anything applied would show.
      const aimed = JSON.parse(JSON.stringify(body).replace(/"pi_1"/g, JSON.stringify(intentId)));
      if (aimed?.data?.object && typeof aimed.data.object === 'object')
        aimed.data.object.metadata = { paymentId, attempt: '1' };
      const events = await stored(paymentId);
      const seen = await handled();
      const res = await deliver(aimed);
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message });
      await settle();
      expect(await stored(paymentId)).toHaveLength(events.length);
      expect(await handled()).toBe(seen);
      expect(await payment(paymentId)).toMatchObject({ status: 'pending' });
    },
  );

  it("a signed body that is not JSON answers 400 without the parser's words", async () => {
    const payload = '{"id": "evt_broken", ';
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: now() });
    const res = await post(payload, signature);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('the request body is not valid JSON');
  });

  it('acknowledges event types it does not handle, and payments that are not ours', async () => {
    const other = await deliver({
      id: 'evt_other',
      object: 'event',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ received: true, ignored: 'customer.created is not handled' });
    const stranger = await deliver(
      intentEvent('payment_intent.succeeded', { paymentId: newId(), attempt: 1, intentId: 'pi_x', amountCents: 100 }),
    );
    expect(stranger.body).toEqual({ received: true, ignored: 'not one of our payments' });
  });
});

describe('Stripe webhooks, rate limited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => t.close());

  it('answers 429 past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { payload, signature } = signed(
        { id: `evt_rl_${i}`, object: 'event', type: 'customer.created', data: { object: {} } },
        { timestamp: Math.floor(Date.now() / 1000) },
      );
      statuses.push(
        (
          await t.http
            .post(WEBHOOK_PATH)
            .set('Content-Type', 'application/json')
            .set('Stripe-Signature', signature)
            .send(payload)
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
