import { EntityManager } from '@mikro-orm/postgresql';
import { AddressInfo } from 'node:net';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import {
  chargeRefundedEvent,
  enrolledStudent,
  intentEvent,
  recordedIntent,
  signed,
  WEBHOOK_PATH,
  WEBHOOK_SECRET,
} from '../payments/webhook-support';
import { startTestApp, TestApp } from '../support/test-app';

/** Deterministic shuffling: the same storm on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const TOTAL = 1000;
const PAYMENTS = 40;
const CONCURRENCY = 16;

describe('webhook storm: 1,000 signed deliveries over loopback HTTP', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  const now = () => Math.floor(clock.now().getTime() / 1000);
  let t: TestApp;
  let admin: string;
  let url: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(60_000);

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}${WEBHOOK_PATH}`;
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('accepts no forged or stale delivery, and ends in exactly the right states and ledger totals', async () => {
    const { studentId, parentId } = await enrolledStudent(t, admin, settle);
    // Every payment starts declined on its first attempt (pending, a retry scheduled); the declined
    // intent is recorded for attempt 1, and Stripe's events about it settle the payment.
    const payments: {
      id: string;
      cents: number;
      group: 'paid' | 'refunded' | 'partly' | 'declined';
      intentId?: string;
    }[] = [];
    for (let i = 0; i < PAYMENTS; i++) {
      const cents = 20_00 + i * 1_01;
      const res = await t.http
        .post('/api/v1/payments/process')
        .set('Authorization', `Bearer ${admin}`)
        .send({ studentId, amount: cents / 100, description: `Storm ${i}`, paymentMethodId: 'pm_card_chargeDeclined' });
      expect(res.status).toBe(202);
      payments.push({
        id: res.body.paymentId,
        cents,
        group: (['paid', 'refunded', 'partly', 'declined'] as const)[i % 4],
      });
    }
    await settle();
    for (const p of payments) p.intentId = await recordedIntent(t, admin, p.id);

    type Delivery = { payload: string; signature: string; valid: boolean; eventId: string };
    const valid: Delivery[] = [];
    const bad: Delivery[] = [];
    const sign = (event: { id: string }, kind: 'valid' | 'forged' | 'stale') => {
      const s =
        kind === 'forged'
          ? signed(event, { secret: 'whsec_attackerSecret', timestamp: now() })
          : signed(event, { timestamp: kind === 'stale' ? now() - 600 : now() });
      (kind === 'valid' ? valid : bad).push({ ...s, valid: kind === 'valid', eventId: event.id });
    };
    for (const [i, p] of payments.entries()) {
      const f = { paymentId: p.id, amountCents: p.cents, attempt: 1, intentId: p.intentId! };
      const ok = intentEvent('payment_intent.succeeded', f, `evt_ok_${i}`);
      const lateFailure = intentEvent('payment_intent.payment_failed', f, `evt_fail_${i}`);
      if (p.group === 'declined') {
        sign(lateFailure, 'valid');
        // Correctly signed, but for an intent we never recorded, or for another amount: rejected.
        sign(
          intentEvent('payment_intent.succeeded', { ...f, intentId: `pi_storm_other_${i}` }, `evt_other_intent_${i}`),
          'valid',
        );
        sign(
          intentEvent('payment_intent.succeeded', { ...f, amountCents: 1, currency: 'usd' }, `evt_other_amount_${i}`),
          'valid',
        );
        // What an attacker would like: this payment marked paid.
        sign({ ...ok, id: `evt_forged_ok_${i}` }, 'forged');
        sign({ ...ok, id: `evt_stale_ok_${i}` }, 'stale');
        continue;
      }
      sign(ok, 'valid');
      sign(lateFailure, 'valid');
      const g = f;
      if (p.group === 'refunded') {
        sign(chargeRefundedEvent({ ...g, amountRefundedCents: 10_00 }, `evt_ref1_${i}`), 'valid');
        sign(chargeRefundedEvent({ ...g, amountRefundedCents: p.cents }, `evt_ref2_${i}`), 'valid');
      }
      if (p.group === 'partly')
        sign(chargeRefundedEvent({ ...g, amountRefundedCents: 5_00 }, `evt_ref1_${i}`), 'valid');
      // Refunds nobody made, forged or replayed late.
      sign(chargeRefundedEvent({ ...g, amountRefundedCents: p.cents }, `evt_forged_ref_${i}`), 'forged');
      sign(chargeRefundedEvent({ ...g, amountRefundedCents: p.cents }, `evt_stale_ref_${i}`), 'stale');
    }
    for (let i = 0; i < 20; i++)
      sign(
        { id: `evt_other_${i}`, type: 'invoice.created', object: 'event', data: { object: {} } } as { id: string },
        'valid',
      );

    const random = prng(20261122);
    const deliveries: Delivery[] = [...valid, ...bad];
    while (deliveries.length < TOTAL) deliveries.push(valid[Math.floor(random() * valid.length)]); // redeliveries
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }

    const started = Date.now();
    const answers: { delivery: Delivery; status: number }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let d = deliveries[next++]; d; d = deliveries[next++]) {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': d.signature },
            body: d.payload,
          });
          await res.arrayBuffer();
          answers.push({ delivery: d, status: res.status });
        }
      }),
    );
    const sentMs = Date.now() - started;
    await settle();
    const totalMs = Date.now() - started;
    process.stdout.write(
      `webhook storm: ${TOTAL} deliveries (${valid.length} distinct valid, ${bad.length} forged/stale) answered in ${sentMs} ms, settled in ${totalMs} ms\n`,
    );

    expect(answers).toHaveLength(TOTAL);
    expect(answers.filter((a) => !a.delivery.valid && a.status !== 400)).toEqual([]);
    expect(answers.filter((a) => a.delivery.valid && a.status !== 200).map((a) => a.status)).toEqual([]);
    // Bounded: a shared 2-core machine under other test runs answers in seconds to tens of seconds.
    expect(totalMs).toBeLessThan(150_000);

    const store = t.app.get<EventStore>(EVENT_STORE);
    const expected = { charged: 0, refunded: 0 };
    for (const p of payments) {
      const view = (await t.http.get(`/api/v1/payments/${p.id}`).set('Authorization', `Bearer ${admin}`)).body;
      const events = (await store.readStream(`payment-${p.id}`)).map((e) => e.type);
      const succeeded = events.filter((e) => e === 'PaymentSucceeded').length;
      if (p.group === 'declined') {
        const rejected = events.filter((e) => e === 'PaymentWebhookRejected').length;
        expect({
          id: p.id,
          status: view.status,
          succeeded,
          failed: events.filter((e) => e === 'PaymentFailed').length,
          rejected,
        }).toEqual({ id: p.id, status: 'pending', succeeded: 0, failed: 1, rejected: 2 });
        continue;
      }
      expected.charged += p.cents;
      const refundedCents = p.group === 'refunded' ? p.cents : p.group === 'partly' ? 5_00 : 0;
      expected.refunded += refundedCents;
      expect({
        id: p.id,
        status: view.status,
        refunded: Math.round(view.refundedAmount * 100),
        succeeded,
        receiptSent: view.receiptSent,
      }).toEqual({
        id: p.id,
        status: p.group === 'refunded' ? 'refunded' : 'succeeded',
        refunded: refundedCents,
        succeeded: 1,
        receiptSent: true,
      });
    }
    const ledger = (
      await t.http.get(`/api/v1/payments/ledger?parentId=${parentId}&limit=200`).set('Authorization', `Bearer ${admin}`)
    ).body;
    expect(ledger.totals).toEqual({
      charged: expected.charged / 100,
      refunded: expected.refunded / 100,
      balance: (expected.charged - expected.refunded) / 100,
    });
    const report = (
      await t.http.get('/api/v1/reports/revenue?from=2026-10-01&to=2026-10-31').set('Authorization', `Bearer ${admin}`)
    ).body;
    expect(report.totals).toMatchObject({ charged: expected.charged / 100, refunded: expected.refunded / 100 });
    const receipts = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ n: number }[]>("SELECT count(*)::int AS n FROM email_outbox WHERE template = 'payment-receipt'");
    expect(receipts[0].n).toBe(payments.filter((p) => p.group !== 'declined').length);
    const recorded = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ n: number }[]>('SELECT count(*)::int AS n FROM stripe_webhook_events');
    expect(recorded[0].n).toBe(valid.length);
  }, 240_000);
});
