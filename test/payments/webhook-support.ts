import Stripe from 'stripe';
import { newId } from '../../src/shared/ids';
import { TestApp } from '../support/test-app';

export const WEBHOOK_SECRET = 'whsec_cedarHeightsTestSecret';
export const WEBHOOK_PATH = '/api/v1/stripe/webhooks';

const availability = { monday: [{ start: '15:00', end: '20:00' }], tuesday: [{ start: '15:00', end: '20:00' }] };

/** A teacher and an enrolled family (card saved): returns the student's id. */
export async function enrolledStudent(
  t: TestApp,
  admin: string,
  settle: () => Promise<unknown>,
): Promise<{ studentId: string; parentId: string }> {
  const auth = `Bearer ${admin}`;
  await t.http
    .post('/api/v1/teachers')
    .set('Authorization', auth)
    .send({
      firstName: 'Clara',
      lastName: 'Schumann',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 10,
      availability,
    });
  const res = await t.http.post('/api/v1/enrollments').send({
    studentFirstName: 'Lily',
    studentLastName: 'Chen',
    studentDateOfBirth: '2016-05-14',
    parentFirstName: 'Mei',
    parentLastName: 'Chen',
    parentEmail: `parent-${newId().slice(0, 8)}@example.com`,
    parentPhone: '+19025550123',
    instrument: 'piano',
    paymentToken: 'pm_card_visa',
    agreedToTerms: true,
  });
  await settle();
  const e = (await t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`).set('Authorization', auth)).body;
  if (e.status !== 'completed') throw new Error(`enrollment did not complete: ${JSON.stringify(e)}`);
  return { studentId: e.studentId, parentId: e.parentId };
}

export interface IntentFields {
  paymentId: string;
  attempt: number;
  intentId: string;
  amountCents: number;
  /** default cad */
  currency?: string;
}

/** The intent id the payment's read model shows: what our own charge recorded for its attempt. */
export async function recordedIntent(t: TestApp, admin: string, paymentId: string): Promise<string> {
  const p = (await t.http.get(`/api/v1/payments/${paymentId}`).set('Authorization', `Bearer ${admin}`)).body;
  if (!p.stripePaymentIntentId) throw new Error(`payment ${paymentId} has no intent recorded: ${JSON.stringify(p)}`);
  return p.stripePaymentIntentId;
}

export function intentEvent(
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed',
  f: IntentFields,
  id = `evt_${newId().replace(/-/g, '')}`,
) {
  return {
    id,
    object: 'event',
    type,
    api_version: Stripe.API_VERSION,
    created: 1_790_000_000,
    livemode: false,
    data: {
      object: {
        id: f.intentId,
        object: 'payment_intent',
        amount: f.amountCents,
        currency: f.currency ?? 'cad',
        status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
        metadata: { paymentId: f.paymentId, attempt: String(f.attempt) },
        last_payment_error:
          type === 'payment_intent.payment_failed'
            ? {
                code: 'card_declined',
                decline_code: 'insufficient_funds',
                message: 'Your card has insufficient funds.',
              }
            : null,
      },
    },
  };
}

export function chargeRefundedEvent(
  f: IntentFields & { amountRefundedCents: number },
  id = `evt_${newId().replace(/-/g, '')}`,
) {
  return {
    id,
    object: 'event',
    type: 'charge.refunded',
    api_version: Stripe.API_VERSION,
    created: 1_790_000_000,
    livemode: false,
    data: {
      object: {
        id: `ch_${f.intentId}`,
        object: 'charge',
        amount: f.amountCents,
        currency: f.currency ?? 'cad',
        amount_refunded: f.amountRefundedCents,
        paid: true,
        refunded: f.amountRefundedCents >= f.amountCents,
        payment_intent: f.intentId,
        metadata: { paymentId: f.paymentId },
      },
    },
  };
}

/** The body and a Stripe-Signature for it, as Stripe would send them (timestamp in seconds). */
export function signed(
  event: object,
  options: { secret?: string; timestamp: number },
): { payload: string; signature: string } {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return { payload, signature };
}
