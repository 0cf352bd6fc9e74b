import { StripeEvidence } from './stripe-webhooks/webhook-evidence';
import { paymentDecider, PaymentCommand } from './payment.decider';
import { DeciderSpecification } from '../../test/support/decider-specification';
import { chargeOf, id, requested, succeed } from '../../test/support/payment-commands';

const { given } = DeciderSpecification.for(paymentDecider);

describe('payment decider: refunding', () => {
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

    it(
      "Stripe's running total: our pending refund is matched, the rest is a refund made in Stripe, " +
        'a repeat changes nothing',
      () => {
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
      },
    );

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
});
