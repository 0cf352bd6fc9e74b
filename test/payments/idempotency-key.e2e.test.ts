import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import { enrolledStudent } from './webhook-support';

/** Idempotency-Key on the payment routes, as Stripe treats it: the same request repeats, another request is refused. */
describe('Idempotency-Key on payments and refunds', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  let studentId: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  const stored = (paymentId: string) => t.app.get<EventStore>(EVENT_STORE).readStream(`payment-${paymentId}`);
  const process = (key: string, body: object) =>
    as(t.http.post('/api/v1/payments/process'))
      .set('Idempotency-Key', key)
      .send({ studentId, description: 'Lessons', ...body });
  const refund = (paymentId: string, key: string, body: object) =>
    as(t.http.post(`/api/v1/payments/${paymentId}/refund`))
      .set('Idempotency-Key', key)
      .send(body);
  const paid = async (amount = 20) => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({
      studentId,
      amount,
      description: 'Lessons',
      paymentMethodId: 'pm_card_visa',
    });
    await settle();
    return res.body.paymentId as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    ({ studentId } = await enrolledStudent(t, admin, settle));
  });
  afterAll(() => t.close());

  it('POST /payments/process: the same key and body return the first payment; another body with that key answers 422 naming it', async () => {
    const first = await process('pay-key-1', { amount: 20, paymentMethodId: 'pm_card_visa' });
    expect(first.status).toBe(202);
    const again = await process('pay-key-1', { paymentMethodId: 'pm_card_visa', amount: 20 });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    await settle();
    const events = await stored(first.body.paymentId);

    const other = await process('pay-key-1', { amount: 200, paymentMethodId: 'pm_card_visa' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      statusCode: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.stringContaining('Idempotency-Key "pay-key-1"'),
    });
    expect(other.body.paymentId).toBeUndefined();
    await settle();
    expect(await stored(first.body.paymentId)).toHaveLength(events.length);
    const list = (await as(t.http.get(`/api/v1/payments?studentId=${studentId}&limit=200`))).body.items;
    expect(list.filter((p: { amount: number }) => p.amount === 200)).toEqual([]);
  });

  it('POST /payments/:id/refund: the same key and body return the first refund; another amount, or another payment, with that key answers 422', async () => {
    const paymentId = await paid();
    const first = await refund(paymentId, 'refund-key-1', { amount: 5, reason: 'missed lesson' });
    expect(first.status).toBe(200);
    const again = await refund(paymentId, 'refund-key-1', { reason: 'missed lesson', amount: 5 });
    expect(again.body).toEqual(first.body);

    const more = await refund(paymentId, 'refund-key-1', { amount: 6, reason: 'missed lesson' });
    expect(more.status).toBe(422);
    expect(more.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.stringContaining('"refund-key-1"'),
    });
    const elsewhere = await refund(await paid(), 'refund-key-1', { amount: 5, reason: 'missed lesson' });
    expect(elsewhere.status).toBe(422);
    await settle();
    expect((await as(t.http.get(`/api/v1/payments/${paymentId}`))).body).toMatchObject({ refundedAmount: 5 });
  });

  it('a request a business rule refused leaves its key free for a corrected one', async () => {
    const paymentId = await paid(20);
    const tooMuch = await refund(paymentId, 'refund-key-2', { amount: 30 });
    expect(tooMuch.body).toMatchObject({ statusCode: 422, code: 'REFUND_EXCEEDS_CHARGE' });
    const corrected = await refund(paymentId, 'refund-key-2', { amount: 10 });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ amount: 10, status: 'succeeded' });
  });

  it('refuses a key longer than 255 characters', async () => {
    const res = await process('k'.repeat(256), { amount: 20, paymentMethodId: 'pm_card_visa' });
    expect(res.body).toMatchObject({ statusCode: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
  });
});
