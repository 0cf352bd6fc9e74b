import { EntityManager } from '@mikro-orm/postgresql';
import { MonthlyBillingJob } from '../../src/payments/billing/monthly-billing.job';
import { periodRange } from '../../src/payments/billing/monthly-billing.handlers';
import { ManualClock } from '../../src/shared/clock';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { enrolledStudent } from '../payments/webhook-support';
import { startTestApp, TestApp } from '../support/test-app';

describe('monthly billing run and payment-due notices', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);
  const as = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);
  /** Moves the clock; access tokens expire by it, so the office signs in again. */
  const moveClock = async (move: () => void) => {
    move();
    admin = await t.login();
  };
  const outbox = (template: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ recipient: string; text_body: string }[]>(
        'SELECT recipient, text_body FROM email_outbox WHERE template = ?',
        [template],
      );

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('periods are academy-time months (splitting a bill: src/payments/billing/bill.spec.ts)', () => {
    expect(periodRange('2026-11', 'America/Halifax')).toEqual({
      start: new Date('2026-11-01T03:00:00Z'),
      end: new Date('2026-12-01T04:00:00Z'),
      label: 'November 2026',
    });
    expect(() => periodRange('2026-13', 'America/Halifax')).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD' }),
    );
  });

  it('notices before the billing day, then one charge per family and period however often it runs', async () => {
    const { studentId } = await enrolledStudent(t, admin, settle);
    // Four weekly lessons in November (the demo lesson in October is not billed).
    const booked = await as(t.http.post('/api/v1/lessons')).send({
      studentId,
      startsAt: '2026-11-02T16:00:00-04:00',
      recurrence: { pattern: 'weekly', occurrences: 4 },
    });
    expect(booked.status).toBe(201);
    await settle();
    const job = t.app.get(MonthlyBillingJob);

    await job.tick(); // 21 October: nothing due yet
    expect(await outbox('payment-due')).toHaveLength(0);
    expect((await as(t.http.get('/api/v1/payments'))).body.items).toHaveLength(0);

    await moveClock(() => clock.set('2026-10-23T12:00:00Z')); // from 22 October 09:00: the notices
    await job.tick();
    await job.tick();
    const notices = await outbox('payment-due');
    expect(notices).toHaveLength(1);
    expect(notices[0].text_body).toContain('Lily Chen (piano): 4 × $45.00 CAD = $180.00 CAD');
    expect(notices[0].text_body).toContain(
      'Total: $180.00 CAD, charged to your card on file on Sunday, October 25, 2026 at 9:00 AM ADT.',
    );
    expect((await as(t.http.get('/api/v1/payments'))).body.items).toHaveLength(0);

    await moveClock(() => clock.set('2026-10-25T13:00:00Z')); // 10:00 local on the billing day
    await job.tick();
    await job.tick();
    const again = await as(t.http.post('/api/v1/payments/billing/run')).send({ period: '2026-11' });
    expect(again.body).toEqual({ period: '2026-11', requested: 0, alreadyBilled: 1, skipped: [] });
    await settle();
    const payments = (await as(t.http.get('/api/v1/payments'))).body.items;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      studentId,
      amount: 180,
      status: 'succeeded',
      receiptSent: true,
      description: 'November 2026 lessons (4 × $45.00 CAD)',
    });
    expect(await outbox('payment-receipt')).toHaveLength(1);

    expect((await as(t.http.post('/api/v1/payments/billing/notices')).send({ period: '2026-11' })).body).toEqual({
      period: '2026-11',
      notices: 0,
    });
    expect((await as(t.http.post('/api/v1/payments/billing/run')).send({ period: 'November' })).status).toBe(400);
    // December has no lessons: nothing to bill.
    expect((await as(t.http.post('/api/v1/payments/billing/run')).send({ period: '2026-12' })).body).toEqual({
      period: '2026-12',
      requested: 0,
      alreadyBilled: 0,
      skipped: [],
    });
  });

  it("bills a lesson by its length at the student's rate: a 120-minute lesson costs what the public price list says, in the run and as a one-off charge", async () => {
    const { studentId } = await enrolledStudent(t, admin, settle); // enrolled for 30 minutes at 45 CAD
    const pricing = (await t.http.get('/api/v1/public/pricing')).body;
    const enrolledThirty = pricing.rates.find((r: { durationMinutes: number }) => r.durationMinutes === 30);
    expect(enrolledThirty.rate).toBe(45);
    const listed = enrolledThirty.lessonPrices.find(
      (p: { durationMinutes: number }) => p.durationMinutes === 120,
    ).price;
    expect(listed).toBe(180);

    const booked = await as(t.http.post('/api/v1/lessons')).send({
      studentId,
      startsAt: '2026-11-03T15:00:00-04:00',
      durationMinutes: 120,
    });
    expect(booked.status).toBe(201);
    await settle();
    const run = await as(t.http.post('/api/v1/payments/billing/run')).send({ period: '2026-11' });
    expect(run.body).toMatchObject({ period: '2026-11', requested: 1, skipped: [] });
    await settle();
    const billed = (await as(t.http.get(`/api/v1/payments?studentId=${studentId}`))).body.items;
    expect(billed).toEqual([
      expect.objectContaining({
        amount: listed,
        status: 'succeeded',
        description: 'November 2026 lessons (1 × $180.00 CAD)',
      }),
    ]);

    // The same lesson as a one-off charge: the same price, whether the office types it or not.
    const lessonId = booked.body.lessons[0].id;
    const pay = (body: object) =>
      as(t.http.post('/api/v1/payments/process')).send({
        studentId,
        lessonId,
        description: 'the long lesson',
        ...body,
      });
    const wrong = await pay({ amount: 45 });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: 'AMOUNT_NOT_LESSON_PRICE',
      message: expect.stringContaining('costs $180.00 CAD'),
    });
    const priced = await pay({});
    expect(priced.status).toBe(202);
    expect((await pay({ amount: 180 })).status).toBe(202);
    await settle();
    expect((await as(t.http.get(`/api/v1/payments/${priced.body.paymentId}`))).body).toMatchObject({
      amount: listed,
      lessonId,
    });
    // without a lesson the amount is still required
    expect(
      (await as(t.http.post('/api/v1/payments/process')).send({ studentId, description: 'no amount' })).status,
    ).toBe(400);
  });
});
