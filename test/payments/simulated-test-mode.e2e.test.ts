import { EntityManager } from '@mikro-orm/postgresql';
import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';
import { enrolledStudent } from './webhook-support';

/** The simulated gateway through the API: Stripe's test payment methods, and no receipt for an unknown one. */
describe('simulated gateway, as families and the office meet it', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  let studentId: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  const receipts = async (paymentId: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute("SELECT 1 FROM email_outbox WHERE template = 'payment-receipt' AND data ->> 'receiptNumber' = ?", [
        paymentId,
      ]);
  const enroll = async (paymentToken: string) => {
    const res = await t.http.post('/api/v1/enrollments').send({
      studentFirstName: 'Noor',
      studentLastName: 'Haddad',
      studentDateOfBirth: '2015-02-11',
      parentFirstName: 'Rana',
      parentLastName: 'Haddad',
      parentEmail: `rana-${paymentToken.toLowerCase()}@example.com`,
      parentPhone: '+19025550199',
      instrument: 'piano',
      paymentToken,
      agreedToTerms: true,
    });
    expect(res.status).toBe(202);
    await settle();
    return (await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`))).body;
  };
  const pay = async (paymentMethodId: string) => {
    const res = await as(t.http.post('/api/v1/payments/process')).send({
      studentId,
      amount: 20,
      description: 'Lessons',
      paymentMethodId,
    });
    expect(res.status).toBe(202);
    await settle();
    return (await as(t.http.get(`/api/v1/payments/${res.body.paymentId}`))).body;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    ({ studentId } = await enrolledStudent(t, admin, settle));
  });
  afterAll(() => t.close());

  it.each([
    ['pm_bogus_123', "invalid_payment_method: No such PaymentMethod: 'pm_bogus_123'"],
    ['pm_card_chargeDeclinedInsufficientFunds', 'Your card has insufficient funds.'],
  ])('an enrollment with %s records its card setup as failed, saying why', async (token, why) => {
    const e = await enroll(token);
    expect(e).toMatchObject({ paymentStatus: 'failed' });
    expect(e.steps.find((s: { name: string }) => s.name === 'SetupPaymentMethod')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining(why),
    });
  });

  it('an unknown payment method fails for good, with no receipt', async () => {
    const p = await pay('pm_bogus_123');
    expect(p).toMatchObject({ status: 'failed', receiptSent: false });
    expect(p.lastError).toContain("No such PaymentMethod: 'pm_bogus_123'");
    expect(await receipts(p.id)).toHaveLength(0);
  });

  it.each([
    [
      'pm_card_chargeDeclinedInsufficientFunds',
      'card_declined/insufficient_funds: Your card has insufficient funds.',
      'pending',
    ],
    ['pm_card_chargeDeclinedLostCard', 'card_declined/lost_card: Your card was declined.', 'failed'],
    [
      'pm_card_authenticationRequired',
      'card_declined/authentication_required: Your card was declined. This transaction requires authentication.',
      'pending',
    ],
  ])(
    "%s: the decline reason is the payment's failure reason, as with Stripe",
    async (paymentMethodId, lastError, status) => {
      const p = await pay(paymentMethodId);
      expect(p).toMatchObject({
        status,
        lastError,
        receiptSent: false,
        stripePaymentIntentId: expect.stringMatching(/^pi_sim_/),
      });
      expect(await receipts(p.id)).toHaveLength(0);
    },
  );

  it('pm_card_mastercard and pm_card_amex are charged', async () => {
    for (const pm of ['pm_card_mastercard', 'pm_card_amex'])
      expect(await pay(pm)).toMatchObject({ status: 'succeeded', receiptSent: true });
  });
});
