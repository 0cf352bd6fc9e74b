import { StripeEvidence } from './stripe-webhooks/webhook-evidence';
import { paymentDecider, PaymentCommand } from './payment.decider';
import { DeciderSpecification } from '../../test/support/decider-specification';
import {
  chargeOf,
  decline,
  due,
  id,
  request,
  requested,
  scheduleRetry,
  status,
  succeed,
} from '../../test/support/payment-commands';

const { given, stateAfter } = DeciderSpecification.for(paymentDecider);

describe('payment decider: charging', () => {
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
