import { EntityManager } from '@mikro-orm/postgresql';
import { PaymentRetriesJob } from '../../src/payments/dunning/payment-retries.job';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };
const HOUR = 3_600_000;

describe('payments, end to end', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  const as = <T extends { set(k: string, v: string): T }>(req: T, token = admin) =>
    req.set('Authorization', `Bearer ${token}`);
  /** Moves the clock; access tokens expire by it, so the office signs in again. */
  const moveClock = async (move: () => void) => {
    move();
    admin = await t.login();
  };
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);
  const outbox = (to: string, template?: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ template: string; text_body: string }[]>(
        `SELECT template, text_body FROM email_outbox WHERE recipient = ? ${template ? 'AND template = ?' : ''} ORDER BY created_at`,
        template ? [to.toLowerCase(), template] : [to.toLowerCase()],
      );

  interface Family {
    studentId: string;
    parentId: string;
    parentEmail: string;
    demoLessonId: string;
  }
  let teacherId: string;
  let family: Family;
  let otherFamily: Family;

  async function enroll(paymentToken = 'pm_card_visa'): Promise<Family> {
    const parentEmail = `parent-${newId().slice(0, 8)}@example.com`;
    const res = await t.http.post('/api/v1/enrollments').send({
      studentFirstName: 'Lily',
      studentLastName: 'Chen',
      studentDateOfBirth: '2016-05-14',
      parentFirstName: 'Mei',
      parentLastName: 'Chen',
      parentEmail,
      parentPhone: '+19025550123',
      instrument: 'piano',
      preferredLessonDay: 'monday',
      preferredLessonTime: 'afternoon',
      paymentToken,
      agreedToTerms: true,
    });
    expect(res.status).toBe(202);
    await settle();
    const e = (await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`))).body;
    expect(e.status).toBe('completed');
    return { studentId: e.studentId, parentId: e.parentId, parentEmail, demoLessonId: e.demoLesson.lessonId };
  }

  async function parentToken(f: Family): Promise<string> {
    const [welcome] = await outbox(f.parentEmail, 'parent-welcome');
    const token = /set-password\?token=([\w-]+)/.exec(welcome.text_body)![1];
    await t.http.post('/api/v1/auth/set-password').send({ token, password: 'a-good-long-password' });
    return t.login(f.parentEmail, 'a-good-long-password');
  }

  const pay = (body: Record<string, unknown>) => as(t.http.post('/api/v1/payments/process')).send(body);
  const payment = async (id: string) => (await as(t.http.get(`/api/v1/payments/${id}`))).body;
  const eventsOf = async (paymentId: string) =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(`payment-${paymentId}`)).map((e) => e.type);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const res = await as(t.http.post('/api/v1/teachers')).send({
      firstName: 'Clara',
      lastName: 'Schumann',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 10,
      availability,
    });
    teacherId = res.body.id;
    family = await enroll();
    otherFamily = await enroll();
  });
  afterAll(() => t.close());

  it('refuses bad input with a clear 400/404/422 and records nothing', async () => {
    const base = { studentId: family.studentId, description: 'Lessons', paymentMethodId: 'pm_card_visa' };
    for (const amount of [0, -5, 500.01, 12.345, '45', null, Number.POSITIVE_INFINITY]) {
      const res = await pay({ ...base, amount });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(res.body.message)).toContain('greater than 0 and at most 500 CAD');
    }
    expect((await pay({ ...base, amount: 10, currency: 'USD' })).status).toBe(400);
    expect((await pay({ ...base, amount: 10, studentId: 'not-a-uuid' })).status).toBe(400);
    expect((await pay({ ...base, amount: 10, paymentMethodId: 'tok_visa' })).status).toBe(400);
    expect((await pay({ ...base, amount: 10, studentId: newId() })).body).toMatchObject({
      statusCode: 404,
      code: 'STUDENT_NOT_FOUND',
    });
    expect((await pay({ ...base, amount: 10, lessonId: otherFamily.demoLessonId })).body).toMatchObject({
      statusCode: 422,
      code: 'LESSON_OF_ANOTHER_STUDENT',
    });
    expect((await pay({ ...base, amount: 10, lessonId: newId() })).body).toMatchObject({
      statusCode: 404,
      code: 'LESSON_NOT_FOUND',
    });
    expect((await pay({ amount: 10, studentId: family.studentId })).status).toBe(400); // no description
    const parent = await parentToken(family);
    expect((await as(t.http.post('/api/v1/payments/process'), parent).send({ ...base, amount: 10 })).status).toBe(403);
    await settle();
    expect((await as(t.http.get('/api/v1/payments'))).body.items).toEqual([]);
  });

  it('pm_card_visa (the saved method): succeeded, receipt once in the outbox, ledger and revenue updated', async () => {
    const res = await pay({
      studentId: family.studentId,
      lessonId: family.demoLessonId,
      amount: 45,
      description: 'November lessons',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ paymentId: expect.any(String), status: 'pending' });
    await settle();
    const p = await payment(res.body.paymentId);
    expect(p).toMatchObject({
      id: res.body.paymentId,
      studentId: family.studentId,
      lessonId: family.demoLessonId,
      amount: 45,
      currency: 'CAD',
      status: 'succeeded',
      attempts: 1,
      stripePaymentIntentId: expect.stringMatching(/^pi_sim_/),
      receiptSent: true,
    });
    expect(await eventsOf(res.body.paymentId)).toEqual(['PaymentRequested', 'PaymentSucceeded', 'ReceiptSent']);
    const receipts = await outbox(family.parentEmail, 'payment-receipt');
    expect(receipts).toHaveLength(1);
    expect(receipts[0].text_body).toContain('Amount: $45.00 CAD');
    expect(receipts[0].text_body).toContain('For: November lessons (Lily Chen)');

    const ledger = (await as(t.http.get(`/api/v1/payments/ledger?parentId=${family.parentId}`))).body;
    expect(ledger.totals).toEqual({ charged: 45, refunded: 0, balance: 45 });
    expect(ledger.items).toEqual([
      expect.objectContaining({ kind: 'charge', paymentId: res.body.paymentId, amount: 45, balance: 45 }),
    ]);

    // Scope: the family sees it; another family and teachers do not.
    const parent = await parentToken(family);
    expect((await as(t.http.get('/api/v1/payments'), parent)).body.items.map((x: { id: string }) => x.id)).toEqual([
      res.body.paymentId,
    ]);
    expect((await as(t.http.get(`/api/v1/students/${family.studentId}/payments`), parent)).body.items).toHaveLength(1);
    expect((await as(t.http.get('/api/v1/payments/ledger'), parent)).body.totals).toEqual({
      charged: 45,
      refunded: 0,
      balance: 45,
    });
    const other = await parentToken(otherFamily);
    expect((await as(t.http.get(`/api/v1/payments/${res.body.paymentId}`), other)).status).toBe(404);
    expect((await as(t.http.get('/api/v1/payments'), other)).body.items).toEqual([]);
    expect((await as(t.http.get(`/api/v1/students/${family.studentId}/payments`), other)).status).toBe(404);
    expect((await as(t.http.get('/api/v1/payments/ledger'), other)).body.totals).toEqual({
      charged: 0,
      refunded: 0,
      balance: 0,
    });
    expect((await as(t.http.get('/api/v1/reports/revenue?from=2026-10-01&to=2026-10-31'), parent)).status).toBe(403);

    const report = (await as(t.http.get('/api/v1/reports/revenue?from=2026-10-01&to=2026-10-31'))).body;
    expect(report.totals).toEqual({ charged: 45, refunded: 0, net: 45, charges: 1, refunds: 0 });
    expect(report.byDay).toEqual([{ day: '2026-10-21', charged: 45, refunded: 0, net: 45, charges: 1, refunds: 0 }]);
    expect(report.byMonth).toEqual([{ month: '2026-10', charged: 45, refunded: 0, net: 45, charges: 1, refunds: 0 }]);
    expect(report.byInstrument).toEqual([expect.objectContaining({ instrument: 'piano', net: 45 })]);
    expect(report.byTeacher).toEqual([expect.objectContaining({ teacherId, teacherName: 'Clara Schumann', net: 45 })]);
    expect((await as(t.http.get('/api/v1/reports/revenue?from=2026-11-01&to=2026-11-30'))).body.totals.charged).toBe(0);
    expect((await as(t.http.get('/api/v1/reports/revenue?from=2026-11-30&to=2026-11-01'))).status).toBe(400);
    expect((await as(t.http.get('/api/v1/reports/revenue?from=yesterday&to=2026-11-01'))).status).toBe(400);
  });

  it('refunds in part and in full, never above the charge, and the ledger follows', async () => {
    const res = await pay({
      studentId: family.studentId,
      amount: 60,
      description: 'December lessons',
      paymentMethodId: 'pm_card_visa',
    });
    await settle();
    const id = res.body.paymentId;
    const partial = await as(t.http.post(`/api/v1/payments/${id}/refund`)).send({
      amount: 20.5,
      reason: 'one lesson cancelled',
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      paymentId: id,
      amount: 20.5,
      status: 'succeeded',
      refundedAmount: 20.5,
      paymentStatus: 'succeeded',
    });
    const tooMuch = await as(t.http.post(`/api/v1/payments/${id}/refund`)).send({ amount: 40 });
    expect(tooMuch.body).toMatchObject({ statusCode: 422, code: 'REFUND_EXCEEDS_CHARGE' });
    expect((await as(t.http.post(`/api/v1/payments/${id}/refund`)).send({ amount: 1.005 })).status).toBe(400);
    expect((await as(t.http.post(`/api/v1/payments/${newId()}/refund`)).send({})).status).toBe(404);
    const parent = await parentToken(family);
    expect((await as(t.http.post(`/api/v1/payments/${id}/refund`), parent).send({})).status).toBe(403);
    // Idempotency-Key: a retried request is the same refund.
    const rest = await as(t.http.post(`/api/v1/payments/${id}/refund`))
      .set('Idempotency-Key', 'refund-rest-1')
      .send({});
    const again = await as(t.http.post(`/api/v1/payments/${id}/refund`))
      .set('Idempotency-Key', 'refund-rest-1')
      .send({});
    expect(rest.body).toMatchObject({
      amount: 39.5,
      status: 'succeeded',
      refundedAmount: 60,
      paymentStatus: 'refunded',
    });
    expect(again.body).toEqual(rest.body);
    await settle();
    expect(await payment(id)).toMatchObject({ status: 'refunded', refundedAmount: 60 });
    expect((await eventsOf(id)).filter((e) => e === 'PaymentRefunded')).toHaveLength(2);
    const ledger = (await as(t.http.get(`/api/v1/payments/ledger?studentId=${family.studentId}`))).body;
    expect(ledger.totals).toEqual({ charged: 105, refunded: 60, balance: 45 });
    expect(ledger.items.map((e: { kind: string; amount: number }) => `${e.kind}:${e.amount}`)).toEqual([
      'charge:45',
      'charge:60',
      'refund:20.5',
      'refund:39.5',
    ]);
    // The family is told of each refund, once, in dollars; the last says the whole payment is back.
    const refunds = (await outbox(family.parentEmail, 'refund-issued')).map((m) => m.text_body);
    expect(refunds).toHaveLength(2);
    expect(refunds[0]).toContain('We have refunded $20.50 CAD of your payment for December lessons');
    expect(refunds[1]).toContain(
      'We have refunded $39.50 CAD of your payment for December lessons (Lily Chen): the whole payment is now refunded.',
    );
  });

  it('pm_card_chargeDeclined: retried every 48 h four times by the retry job, then failed and the parent told', async () => {
    const res = await pay({
      studentId: family.studentId,
      amount: 30,
      description: 'January lessons',
      paymentMethodId: 'pm_card_chargeDeclined',
    });
    await settle();
    const id = res.body.paymentId;
    let p = await payment(id);
    expect(p).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextRetryAt: new Date(clock.now().getTime() + 48 * HOUR).toISOString(),
    });
    expect(p.lastError).toContain('card_declined/generic_decline');
    const job = t.app.get(PaymentRetriesJob);
    expect(await job.runDueRetries()).toBe(0);
    await moveClock(() => clock.advance(47 * HOUR));
    expect(await job.runDueRetries()).toBe(0);
    for (let retry = 1; retry <= 4; retry++) {
      await moveClock(() => clock.advance(retry === 1 ? HOUR : 48 * HOUR));
      expect(await job.runDueRetries()).toBe(1);
      expect(await job.runDueRetries()).toBe(0);
      await settle();
      p = await payment(id);
      expect(p.attempts).toBe(retry + 1);
    }
    expect(p).toMatchObject({ status: 'failed', attempts: 5, nextRetryAt: null, receiptSent: false });
    const events = await eventsOf(id);
    expect(events.filter((e) => e === 'PaymentFailed')).toHaveLength(5);
    expect(events.filter((e) => e === 'PaymentRetryDue')).toHaveLength(4);
    expect(events[events.length - 1]).toBe('PaymentFinallyFailed');
    const notices = await outbox(family.parentEmail, 'payment-failed');
    expect(notices).toHaveLength(4);
    expect(notices[0].text_body).toContain(
      'we will try the same card again on Friday, October 23, 2026 at 9:00 AM ADT.',
    );
    expect(notices[3].text_body).toContain(
      'we will try the same card again on Thursday, October 29, 2026 at 9:00 AM ADT.',
    );
    const final = await outbox(family.parentEmail, 'payment-final-failure');
    expect(final).toHaveLength(1);
    expect(final[0].text_body).toContain('We tried 5 time(s)');
    await moveClock(() => clock.advance(48 * HOUR));
    expect(await job.runDueRetries()).toBe(0);
    expect((await as(t.http.post(`/api/v1/payments/${id}/refund`)).send({})).body).toMatchObject({
      statusCode: 422,
      code: 'PAYMENT_NOT_REFUNDABLE',
    });
  });

  it('a hard decline (stolen card) is not retried', async () => {
    const res = await pay({
      studentId: otherFamily.studentId,
      amount: 30,
      description: 'Lessons',
      paymentMethodId: 'pm_card_chargeDeclinedStolenCard',
    });
    await settle();
    expect(await payment(res.body.paymentId)).toMatchObject({ status: 'failed', attempts: 1, nextRetryAt: null });
    expect(await outbox(otherFamily.parentEmail, 'payment-final-failure')).toHaveLength(1);
    expect(await outbox(otherFamily.parentEmail, 'payment-failed')).toHaveLength(0);
  });

  it('lists with filters and cursor paging; the workflow is published; pricing is public', async () => {
    const page1 = (await as(t.http.get(`/api/v1/payments?studentId=${family.studentId}&limit=2`))).body;
    expect(page1.items).toHaveLength(2);
    const page2 = (await as(t.http.get(`/api/v1/payments?studentId=${family.studentId}&limit=2&cursor=${page1.next}`)))
      .body;
    expect(page2.items).toHaveLength(1);
    expect(page2.next).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((x: { id: string }) => x.id)).size).toBe(3);
    expect((await as(t.http.get('/api/v1/payments?status=failed'))).body.items).toHaveLength(2);
    expect((await as(t.http.get('/api/v1/payments?status=bogus'))).status).toBe(400);
    expect((await as(t.http.get('/api/v1/payments?cursor=nonsense'))).status).toBe(400);

    const workflows = (await t.http.get('/api/v1/workflows')).body.workflows as {
      name: string;
      nodes: { name: string }[];
      routers: { name: string }[];
    }[];
    const payments = workflows.find((w) => w.name === 'payment-processing')!;
    expect(payments.nodes.map((n) => n.name)).toEqual([
      'ProcessPayment',
      'UpdateAccounting',
      'SendReceipt',
      'RetryPayment',
      'NotifyFamily',
    ]);
    expect(payments.routers.map((r) => r.name)).toEqual(['PaymentOutcome', 'RetryOutcome']);
    expect(workflows.map((w) => w.name)).toContain('payment-refund');

    // The read model rebuilt from the log equals the live one.
    const snapshot = async () => ({
      payments: (await as(t.http.get('/api/v1/payments?limit=200'))).body,
      ledger: (await as(t.http.get('/api/v1/payments/ledger?limit=200'))).body,
      revenue: (await as(t.http.get('/api/v1/reports/revenue?from=2026-10-01&to=2027-01-31'))).body,
    });
    const live = await snapshot();
    expect(live.ledger.items.length).toBeGreaterThan(3);
    // Wait for the rebuild: without it the answer is a 202 while it runs, and the snapshot below
    // would read the live tables it has not replaced yet.
    const rebuilt = await as(t.http.post('/api/v1/admin/projections/payments/rebuild?wait=true'));
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({
      projection: 'payments',
      status: 'succeeded',
      result: { projection: 'payments', identical: true, failed: [] },
    });
    expect(rebuilt.body.result.events).toBeGreaterThan(3);
    for (const d of rebuilt.body.result.differences)
      expect(d).toMatchObject({ changed: 0, onlyLive: 0, onlyRebuilt: 0 });
    expect(await snapshot()).toEqual(live);

    const pricing = (await t.http.get('/api/v1/public/pricing')).body;
    expect(pricing).toMatchObject({
      currency: 'CAD',
      rule: expect.stringContaining('pro rata by minutes'),
      rates: [
        { durationMinutes: 15, rate: 30 },
        { durationMinutes: 30, rate: 45 },
        { durationMinutes: 45, rate: 60 },
        { durationMinutes: 60, rate: 75 },
      ],
    });
    // each enrolled length's rate, and a lesson of each length at that rate, pro rata by minutes
    expect(pricing.rates[1].lessonPrices).toEqual(
      [15, 30, 45, 60, 75, 90, 105, 120].map((m) => ({ durationMinutes: m, price: 1.5 * m })),
    );
    expect(pricing.rates[3].lessonPrices.find((p: { durationMinutes: number }) => p.durationMinutes === 120)).toEqual({
      durationMinutes: 120,
      price: 150,
    });
  });
});
