import {
  isHardDecline,
  PaymentCommand,
  paymentDecider,
  PaymentState,
  retryDelayMs,
  PaymentRetryPolicy,
} from './payment.decider';
import { PaymentEvent, PaymentRetryScheduled } from './payment.events';
import { StripeEvidence } from './stripe-webhooks/webhook-evidence';
import { DeciderSpecification } from '../../test/support/decider-specification';

const id = 'P1';
const HOUR = 3_600_000;
const policy: PaymentRetryPolicy = { maxRetries: 4, intervalMs: 48 * HOUR, backoff: 1 };
const request: PaymentCommand = {
  type: 'RequestPayment',
  paymentId: id,
  studentId: 'S1',
  parentId: 'F1',
  lessonId: null,
  amountCents: 45_00,
  description: 'November lessons',
  paymentMethodId: 'pm_card_visa',
  customerId: 'cus_1',
  instrument: 'piano',
  teacherId: 'T1',
};
const { type: _t, ...requestData } = request as Extract<PaymentCommand, { type: 'RequestPayment' }>;
const requested: PaymentEvent = { type: 'PaymentRequested', data: { ...requestData, currency: 'CAD' } };

const { given, stateAfter } = DeciderSpecification.for(paymentDecider);

const succeed = (
  attempt: number,
  source: 'gateway' | 'webhook' = 'gateway',
  stripeEventId?: string,
): PaymentCommand => ({
  type: 'RecordPaymentOutcome',
  paymentId: id,
  attempt,
  outcome: { ok: true, paymentIntentId: `pi_${attempt}` },
  source,
  stripeEventId,
});
const decline = (
  attempt: number,
  declineCode = 'insufficient_funds',
  source: 'gateway' | 'webhook' = 'gateway',
  stripeEventId?: string,
): PaymentCommand => ({
  type: 'RecordPaymentOutcome',
  paymentId: id,
  attempt,
  outcome: {
    ok: false,
    paymentIntentId: `pi_${attempt}`,
    code: 'card_declined',
    declineCode,
    reason: 'Your card was declined.',
  },
  source,
  stripeEventId,
});
/** A charge of pi_1 (the intent `succeed(1)` records) for the whole payment, as charge.refunded reports it. */
const chargeOf = (stripeEventId: string, over: Partial<StripeEvidence & { paid: boolean }> = {}) => ({
  stripeEventId,
  eventType: 'charge.refunded',
  paymentIntentId: 'pi_1',
  amountCents: 45_00,
  currency: 'cad',
  attempt: null,
  paid: true,
  ...over,
});
const scheduleRetry = (failedAttempt: number, at: string): PaymentCommand => ({
  type: 'ScheduleRetry',
  paymentId: id,
  failedAttempt,
  at,
  policy,
});
const due = (attempt: number, at: string): PaymentCommand => ({ type: 'RaiseRetryDue', paymentId: id, attempt, at });
const status = (s: PaymentState) => s.status;

describe('payment decider', () => {
  describe('requesting', () => {
    it('a new payment is pending', () => {
      given([]).when(request).then([requested]);
      expect(status(stateAfter([requested]))).toBe('pending');
      given([requested]).when(request).then([]);
    });

    it.each([0, -1, 500_01, 12.5])('refuses %s cents: > 0 and ≤ 500 CAD in whole cents', (amountCents) => {
      given([])
        .when({ ...request, amountCents } as PaymentCommand)
        .thenThrows(expect.objectContaining({ kind: 'invalid', code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' }));
    });

    it('accepts exactly 500 CAD', () =>
      expect(given([]).when({ ...request, amountCents: 500_00 } as PaymentCommand).events).toHaveLength(1));
  });

  describe('pending → succeeded', () => {
    it('records the success of the first attempt', () => {
      const { events, state } = given([requested]).when(succeed(1));
      expect(events).toEqual([
        {
          type: 'PaymentSucceeded',
          data: {
            paymentId: id,
            attempt: 1,
            paymentIntentId: 'pi_1',
            amountCents: 45_00,
            source: 'gateway',
            stripeEventId: null,
          },
        },
      ]);
      expect(state).toMatchObject({ status: 'succeeded', paymentIntentId: 'pi_1' });
    });

    it('webhook first, our own result second: the second changes nothing (and the reverse)', () => {
      const webhookFirst = given([requested]).when(succeed(1, 'webhook', 'evt_1'), succeed(1, 'gateway'));
      expect(webhookFirst.events.map((e) => e.type)).toEqual(['PaymentSucceeded']);
      expect(webhookFirst.events[0].data).toMatchObject({ source: 'webhook', stripeEventId: 'evt_1' });
      const gatewayFirst = given([requested]).when(succeed(1), succeed(1, 'webhook', 'evt_1'));
      expect(gatewayFirst.events.map((e) => e.data)).toEqual([expect.objectContaining({ source: 'gateway' })]);
    });

    it('the same Stripe event twice is recorded once', () => {
      const first = given([requested]).when(decline(1, 'insufficient_funds', 'webhook', 'evt_9'));
      given([requested, ...first.events])
        .when(decline(1, 'insufficient_funds', 'webhook', 'evt_9'))
        .then([]);
    });
  });

  describe('pending → failed, with the retry schedule', () => {
    it('a soft decline is retried every 48 h by default, four times, then fails for good', () => {
      let history: PaymentEvent[] = [requested];
      let at = Date.parse('2026-11-01T12:00:00Z');
      const dueTimes: string[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        const failed = given(history).when(decline(attempt), scheduleRetry(attempt, new Date(at).toISOString()));
        history = [...history, ...failed.events];
        const scheduled = failed.events.find((e): e is PaymentRetryScheduled => e.type === 'PaymentRetryScheduled');
        if (!scheduled) {
          expect(attempt).toBe(5);
          expect(failed.events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
          expect(failed.state).toMatchObject({ status: 'failed' });
          break;
        }
        const dueAt = scheduled.data.dueAt;
        dueTimes.push(dueAt);
        // Not yet due an hour early; due at the time.
        given(history)
          .when(due(attempt + 1, new Date(Date.parse(dueAt) - HOUR).toISOString()))
          .then([]);
        const raised = given(history).when(due(attempt + 1, dueAt));
        expect(raised.events).toEqual([{ type: 'PaymentRetryDue', data: { paymentId: id, attempt: attempt + 1 } }]);
        history = [...history, ...raised.events];
        // Raised once, however often the job runs.
        given(history)
          .when(due(attempt + 1, dueAt))
          .then([]);
        at = Date.parse(dueAt);
      }
      expect(dueTimes).toEqual([
        '2026-11-03T12:00:00.000Z',
        '2026-11-05T12:00:00.000Z',
        '2026-11-07T12:00:00.000Z',
        '2026-11-09T12:00:00.000Z',
      ]);
    });

    it('backs off: each wait is the previous times the factor', () => {
      const doubling = { maxRetries: 4, intervalMs: 24 * HOUR, backoff: 2 };
      expect([1, 2, 3, 4].map((n) => retryDelayMs(doubling, n) / HOUR)).toEqual([24, 48, 96, 192]);
      const { events } = given([requested]).when(decline(1), {
        type: 'ScheduleRetry',
        paymentId: id,
        failedAttempt: 1,
        at: '2026-11-01T00:00:00Z',
        policy: doubling,
      });
      expect(events[1]).toEqual({
        type: 'PaymentRetryScheduled',
        data: { paymentId: id, attempt: 2, dueAt: '2026-11-02T00:00:00.000Z' },
      });
    });

    it('no retries configured: the first decline is final', () => {
      const { events } = given([requested]).when(decline(1), {
        type: 'ScheduleRetry',
        paymentId: id,
        failedAttempt: 1,
        at: '2026-11-01T00:00:00Z',
        policy: { ...policy, maxRetries: 0 },
      });
      expect(events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
    });

    it.each(['stolen_card', 'lost_card', 'invalid_account', 'fraudulent'])(
      'a hard decline (%s) stops at once',
      (declineCode) => {
        const { events, state } = given([requested]).when(
          decline(1, declineCode),
          scheduleRetry(1, '2026-11-01T00:00:00Z'),
        );
        expect(events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
        expect(events[0].data).toMatchObject({ hardDecline: true, declineCode });
        expect(state.status).toBe('failed');
      },
    );

    it('classifies declines', () => {
      expect(isHardDecline('card_declined', 'insufficient_funds')).toBe(false);
      expect(isHardDecline('card_declined', 'generic_decline')).toBe(false);
      expect(isHardDecline('gateway_unavailable', null)).toBe(false);
      expect(isHardDecline('invalid_payment_method', null)).toBe(true);
    });

    it('a scheduled retry is not scheduled twice, and nothing is scheduled after a success', () => {
      const first = given([requested]).when(decline(1), scheduleRetry(1, '2026-11-01T00:00:00Z'));
      given([requested, ...first.events])
        .when(scheduleRetry(1, '2026-11-01T01:00:00Z'))
        .then([]);
      const paid = given([requested]).when(succeed(1));
      given([requested, ...paid.events])
        .when(scheduleRetry(1, '2026-11-01T00:00:00Z'))
        .then([]);
    });
  });

  describe('out of order', () => {
    const retried = given([requested]).when(
      decline(1),
      scheduleRetry(1, '2026-11-01T00:00:00Z'),
      due(2, '2026-11-03T00:00:00.000Z'),
    );
    const history = [requested, ...retried.events];

    it('a late failure of attempt 1 after attempt 2 succeeded leaves the payment succeeded', () => {
      const { events, state } = given(history).when(
        succeed(2, 'webhook', 'evt_ok2'),
        decline(1, 'insufficient_funds', 'webhook', 'evt_fail1'),
      );
      expect(events.map((e) => e.type)).toEqual(['PaymentSucceeded']);
      expect(state).toMatchObject({ status: 'succeeded', paymentIntentId: 'pi_2' });
    });

    it('a late failure of an earlier attempt while a retry is under way changes nothing', () => {
      given(history)
        .when(decline(1, 'generic_decline', 'webhook', 'evt_late'))
        .then([]);
    });

    it('a success that arrives after the payment was given up is still recorded (money moved)', () => {
      const failed = given([requested]).when(decline(1, 'stolen_card'), scheduleRetry(1, '2026-11-01T00:00:00Z'));
      const late = given([requested, ...failed.events]).when(succeed(1, 'webhook', 'evt_x'));
      expect(late.state.status).toBe('succeeded');
    });
  });

  describe('receipt', () => {
    it('once, and only for a paid payment', () => {
      given([requested]).when({ type: 'RecordReceipt', paymentId: id }).then([]);
      const paid = [requested, ...given([requested]).when(succeed(1)).events];
      expect(
        given(paid).when({ type: 'RecordReceipt', paymentId: id }, { type: 'RecordReceipt', paymentId: id }).events,
      ).toEqual([{ type: 'ReceiptSent', data: { paymentId: id } }]);
    });
  });

  describe('succeeded → refunded', () => {
    const paid = [requested, ...given([requested]).when(succeed(1)).events];
    const refund = (refundId: string, amountCents: number | null): PaymentCommand => ({
      type: 'RequestRefund',
      paymentId: id,
      refundId,
      amountCents,
      reason: null,
    });
    const refunded = (refundId: string): PaymentCommand => ({
      type: 'RecordRefundOutcome',
      paymentId: id,
      refundId,
      outcome: { ok: true, gatewayRefundId: `re_${refundId}` },
    });

    it('partial, then the rest: refunded', () => {
      const partial = given(paid).when(refund('R1', 20_00), refunded('R1'));
      expect(partial.state).toMatchObject({ status: 'succeeded', refundedCents: 20_00 });
      const rest = given([...paid, ...partial.events]).when(refund('R2', 25_00), refunded('R2'), refunded('R2'));
      expect(rest.events.map((e) => e.type)).toEqual(['RefundRequested', 'PaymentRefunded']);
      expect(rest.events[1].data).toMatchObject({ fullyRefunded: true });
      expect(rest.state).toMatchObject({ status: 'refunded', refundedCents: 45_00 });
    });

    it('never more than charged, counting refunds still in flight', () => {
      const pending = given(paid).when(refund('R1', 40_00));
      given([...paid, ...pending.events])
        .when(refund('R2', 5_01))
        .thenThrows(expect.objectContaining({ code: 'REFUND_EXCEEDS_CHARGE', kind: 'rejected' }));
      given(paid)
        .when(refund('R3', 45_01))
        .thenThrows(expect.objectContaining({ code: 'REFUND_EXCEEDS_CHARGE' }));
      // in the API's units: dollars, not cents
      given(paid)
        .when(refund('R3', 45_01))
        .thenThrows('a refund cannot exceed what is left of the charge (45.00 CAD refundable)');
      given(paid)
        .when(refund('R3', 45_01))
        .thenThrows(expect.objectContaining({ details: { refundable: 45 } }));
      given([requested])
        .when(refund('R4', 1_00))
        .thenThrows(expect.objectContaining({ code: 'PAYMENT_NOT_REFUNDABLE' }));
    });

    it('without an amount: all that is left, counting refunds still in flight; nothing left is refused', () => {
      const pending = given(paid).when(refund('R1', 10_00));
      const rest = given([...paid, ...pending.events]).when(refund('R2', null));
      expect(rest.events).toEqual([
        { type: 'RefundRequested', data: { paymentId: id, refundId: 'R2', amountCents: 35_00, reason: null } },
      ]);
      given([...paid, ...pending.events, ...rest.events])
        .when(refund('R3', null))
        .thenThrows(expect.objectContaining({ code: 'REFUND_AMOUNT_INVALID', kind: 'invalid' }));
    });

    it('a refused refund frees its amount', () => {
      const failed = given(paid).when(refund('R1', 45_00), {
        type: 'RecordRefundOutcome',
        paymentId: id,
        refundId: 'R1',
        outcome: { ok: false, code: 'x', reason: 'no' },
      });
      expect(failed.events.map((e) => e.type)).toEqual(['RefundRequested', 'RefundFailed']);
      expect(given([...paid, ...failed.events]).when(refund('R2', 45_00)).events).toHaveLength(1);
    });

    it("Stripe's running total: our pending refund is matched, the rest is a refund made in Stripe, a repeat changes nothing", () => {
      const pending = given(paid).when(refund('R1', 10_00));
      const history = [...paid, ...pending.events];
      const total = (amountRefundedCents: number, stripeEventId: string): PaymentCommand => ({
        type: 'RecordStripeRefundTotal',
        paymentId: id,
        amountRefundedCents,
        stripeEventId,
        charge: chargeOf(stripeEventId),
      });
      const first = given(history).when(total(15_00, 'evt_r1'));
      expect(
        first.events.map((e) => [e.type, ...('refundId' in e.data ? [e.data.refundId, e.data.amountCents] : [])]),
      ).toEqual([
        ['PaymentRefunded', 'R1', 10_00],
        ['PaymentRefunded', 'stripe:evt_r1', 5_00],
      ]);
      const later = [...history, ...first.events];
      given(later).when(total(15_00, 'evt_r2')).then([]);
      // Our own gateway answer for R1 arriving after the webhook: nothing more.
      given(later).when(refunded('R1')).then([]);
      expect(given(later).when(total(45_00, 'evt_r3')).state).toMatchObject({
        status: 'refunded',
        refundedCents: 45_00,
      });
    });

    it('a refund total for an intent never recorded is rejected, not a refund', () => {
      given([requested])
        .when({
          type: 'RecordStripeRefundTotal',
          paymentId: id,
          amountRefundedCents: 10_00,
          stripeEventId: 'evt_early',
          charge: chargeOf('evt_early'),
        })
        .then([
          {
            type: 'PaymentWebhookRejected',
            data: expect.objectContaining({
              stripeEventId: 'evt_early',
              reason: 'payment intent pi_1 was never recorded for this payment',
            }),
          },
        ]);
    });

    it('a refund total for the charge of another intent, or of another amount, is rejected', () => {
      const total = (charge: Partial<StripeEvidence>) =>
        given(paid).when({
          type: 'RecordStripeRefundTotal',
          paymentId: id,
          amountRefundedCents: 45_00,
          stripeEventId: 'evt_x',
          charge: chargeOf('evt_x', charge),
        }).events;
      expect(total({ paymentIntentId: 'pi_other' })[0]).toMatchObject({
        type: 'PaymentWebhookRejected',
        data: { reason: 'the charge is of payment intent pi_other, not of pi_1, which paid' },
      });
      expect(total({ amountCents: 1 })[0]).toMatchObject({
        type: 'PaymentWebhookRejected',
        data: { reason: "amount 1 cents is not the payment's 4500 cents" },
      });
      expect(total({ currency: 'usd' })[0]).toMatchObject({
        type: 'PaymentWebhookRejected',
        data: { reason: "currency usd is not the payment's CAD" },
      });
    });
  });

  describe('Stripe payment_intent events prove what they settle', () => {
    const pending = [
      requested,
      ...given([requested]).when({
        type: 'RecordPendingIntent',
        paymentId: id,
        attempt: 1,
        paymentIntentId: 'pi_1',
        status: 'processing',
      }).events,
    ];
    const claim = (over: Partial<StripeEvidence>, ok = true): PaymentCommand => ({
      type: 'RecordStripeIntentOutcome',
      paymentId: id,
      evidence: {
        stripeEventId: 'evt_1',
        eventType: ok ? 'payment_intent.succeeded' : 'payment_intent.payment_failed',
        paymentIntentId: 'pi_1',
        amountCents: 45_00,
        currency: 'cad',
        attempt: 1,
        ...over,
      },
      outcome: ok
        ? { ok: true }
        : {
            ok: false,
            code: 'card_declined',
            declineCode: 'insufficient_funds',
            reason: 'Your card has insufficient funds.',
          },
    });

    it('the intent recorded for the attempt, for the amount and currency: settled', () => {
      expect(pending[1]).toEqual({
        type: 'PaymentIntentPending',
        data: { paymentId: id, attempt: 1, paymentIntentId: 'pi_1', status: 'processing' },
      });
      const { events, state } = given(pending).when(claim({ attempt: null }));
      expect(events).toEqual([
        {
          type: 'PaymentSucceeded',
          data: {
            paymentId: id,
            attempt: 1,
            paymentIntentId: 'pi_1',
            amountCents: 45_00,
            source: 'webhook',
            stripeEventId: 'evt_1',
          },
        },
      ]);
      expect(state.status).toBe('succeeded');
      expect(
        given(pending)
          .when(claim({}, false))
          .events.map((e) => e.type),
      ).toEqual(['PaymentFailed']);
    });

    it.each([
      [{ paymentIntentId: 'pi_other' }, 'payment intent pi_other was never recorded for this payment'],
      [{ attempt: 2 }, 'payment intent pi_1 was recorded for attempt 1, not attempt 2'],
      [{ amountCents: 1 }, "amount 1 cents is not the payment's 4500 cents"],
      [{ currency: 'usd' }, "currency usd is not the payment's CAD"],
      [{ paymentIntentId: null }, 'the event names no payment intent'],
    ])('%o: rejected, recorded once, and the payment stays pending', (over, reason) => {
      for (const ok of [true, false]) {
        const { events, state } = given(pending).when(claim(over, ok), claim(over, ok));
        const { attempt: _attempt, ...claimed } = over as Partial<StripeEvidence>;
        expect(events).toEqual([
          {
            type: 'PaymentWebhookRejected',
            data: {
              paymentId: id,
              stripeEventId: 'evt_1',
              eventType: expect.any(String),
              paymentIntentId: 'pi_1',
              amountCents: 45_00,
              currency: 'cad',
              ...claimed,
              reason,
            },
          },
        ]);
        expect(state.status).toBe('pending');
      }
    });

    it('a paid charge of a recorded intent records the success before the refund', () => {
      const { events } = given(pending).when({
        type: 'RecordStripeRefundTotal',
        paymentId: id,
        amountRefundedCents: 10_00,
        stripeEventId: 'evt_r',
        charge: chargeOf('evt_r'),
      });
      expect(events.map((e) => e.type)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
    });
  });
});
