import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  AttachedPaymentMethod,
  AttachPaymentMethodInput,
  checkIdempotencyKey,
  CreateCustomerInput,
  CreatePaymentIntentInput,
  CreateRefundInput,
  PaymentGateway,
  PaymentIntentResult,
  PaymentGatewayError,
} from './payment-gateway.port';

/**
 * Stripe's test payment methods (docs.stripe.com/testing) and how each behaves in test mode:
 * a card that attaches and charges; one whose issuer declines it (already when it is attached
 * to a customer, which checks the card); one that attaches and then declines every charge
 * (chargeCustomerFail); one that needs 3-D Secure, which an off-session charge cannot do.
 * Declines carry Stripe's decline code (or, for expired_card, incorrect_cvc and processing_error,
 * its error code) and message, as the Stripe adapter reports them.
 */
type Decline = { declineCode: string; message: string };
type TestCard = { brand: string; last4: string; declinesAttach?: Decline; declinesCharge?: Decline };

const DECLINED = 'Your card was declined.';
const decline = (declineCode: string, message = DECLINED): Decline => ({ declineCode, message });
const declined = (brand: string, last4: string, d: Decline): TestCard => ({
  brand,
  last4,
  declinesAttach: d,
  declinesCharge: d,
});

const CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_mastercard_debit: { brand: 'mastercard', last4: '8210' },
  pm_card_mastercard_prepaid: { brand: 'mastercard', last4: '5100' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_discover: { brand: 'discover', last4: '1117' },
  pm_card_diners: { brand: 'diners', last4: '0004' },
  pm_card_jcb: { brand: 'jcb', last4: '0505' },
  pm_card_unionpay: { brand: 'unionpay', last4: '0005' },
  pm_card_ca: { brand: 'visa', last4: '0000' },
  pm_card_chargeDeclined: declined('visa', '0002', decline('generic_decline')),
  pm_card_chargeDeclinedInsufficientFunds: declined(
    'visa',
    '9995',
    decline('insufficient_funds', 'Your card has insufficient funds.'),
  ),
  pm_card_chargeDeclinedLostCard: declined('visa', '9987', decline('lost_card')),
  pm_card_chargeDeclinedStolenCard: declined('visa', '9979', decline('stolen_card')),
  pm_card_chargeDeclinedExpiredCard: declined('visa', '0069', decline('expired_card', 'Your card has expired.')),
  pm_card_chargeDeclinedIncorrectCvc: declined(
    'visa',
    '0127',
    decline('incorrect_cvc', "Your card's security code is incorrect."),
  ),
  pm_card_chargeDeclinedProcessingError: declined(
    'visa',
    '0119',
    decline('processing_error', 'An error occurred while processing your card. Try again in a little bit.'),
  ),
  pm_card_chargeDeclinedFraudulent: declined('visa', '0019', decline('fraudulent')),
  pm_card_chargeDeclinedVelocityLimitExceeded: declined('visa', '6975', decline('card_velocity_exceeded')),
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', declinesCharge: decline('generic_decline') },
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    declinesCharge: decline(
      'authentication_required',
      'Your card was declined. This transaction requires authentication.',
    ),
  },
};
// Stripe's docs also spell the issuer declines with the brand: pm_card_visa_chargeDeclined….
for (const name of [
  'Declined',
  'DeclinedInsufficientFunds',
  'DeclinedLostCard',
  'DeclinedStolenCard',
  'DeclinedVelocityLimitExceeded',
]) {
  CARDS[`pm_card_visa_charge${name}`] = CARDS[`pm_card_charge${name}`];
}

/** The test card an id names, if it is one. */
export function testCard(paymentMethodId: string): TestCard | undefined {
  return Object.hasOwn(CARDS, paymentMethodId) ? CARDS[paymentMethodId] : undefined;
}

function noSuchPaymentMethod(paymentMethodId: string): PaymentGatewayError {
  // Stripe answers resource_missing on payment_method; the Stripe adapter reports that as invalid_payment_method.
  return new PaymentGatewayError({
    code: 'invalid_payment_method',
    message: `No such PaymentMethod: '${paymentMethodId}'`,
    retryable: false,
  });
}

function declineError(d: Decline, paymentIntentId?: string): PaymentGatewayError {
  return new PaymentGatewayError({
    code: 'card_declined',
    declineCode: d.declineCode,
    message: d.message,
    retryable: false,
    ...(paymentIntentId ? { paymentIntentId } : {}),
  });
}

/** What a key answered the first time: a result, or a refusal that repeating would not change. */
type StoredResponse =
  { ok: unknown } | { error: { code: string; message: string; declineCode?: string; paymentIntentId?: string } };

interface StoredRow {
  operation: string;
  same_request: boolean;
  response: StoredResponse;
}

const simId = (prefix: string) => `${prefix}_sim_${randomBytes(10).toString('hex')}`;

/**
 * Stands in for Stripe in test mode (PAYMENT_GATEWAY=simulated, or no Stripe key on a
 * development setup without DATABASE_URL). Like Stripe, it remembers each
 * idempotency key's first answer (here in payment_gateway_simulator, so across restarts) and
 * refuses a key reused for a different request. Add an operation as a method that calls
 * `once(operation, key, request, decide)`.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  readonly name = 'simulated';
  private readonly logger = new Logger('SimulatedPaymentGateway');

  constructor(private readonly em: EntityManager) {}

  createCustomer({ idempotencyKey, ...request }: CreateCustomerInput): Promise<{ customerId: string }> {
    return this.once('createCustomer', idempotencyKey, request, async () => ({ customerId: simId('cus') }));
  }

  attachPaymentMethod({ idempotencyKey, ...request }: AttachPaymentMethodInput): Promise<AttachedPaymentMethod> {
    return this.once('attachPaymentMethod', idempotencyKey, request, async (em) => {
      const [customer] = await em.execute(
        "SELECT 1 FROM payment_gateway_simulator WHERE operation = 'createCustomer' AND response -> 'ok' ->> 'customerId' = ?",
        [request.customerId],
      );
      if (!customer) {
        throw new PaymentGatewayError({
          code: 'resource_missing',
          message: `No such customer: '${request.customerId}'`,
          retryable: false,
        });
      }
      const card = await this.cardOf(em, request.paymentMethodId);
      if (!card) throw noSuchPaymentMethod(request.paymentMethodId);
      if (card.declinesAttach) throw declineError(card.declinesAttach);
      // Like Stripe, a test id attaches as a new payment method with an id of its own.
      return {
        paymentMethodId: testCard(request.paymentMethodId) ? simId('pm') : request.paymentMethodId,
        brand: card.brand,
        last4: card.last4,
      };
    });
  }

  /**
   * Charges by the test method's behaviour: a test id directly, or a method this simulator
   * attached (which behaves as the test card it was made from). A decline leaves its intent
   * behind, as Stripe's does; an id Stripe would not know is refused.
   */
  createPaymentIntent({ idempotencyKey, ...request }: CreatePaymentIntentInput): Promise<PaymentIntentResult> {
    return this.once('createPaymentIntent', idempotencyKey, request, async (em) => {
      if (!Number.isInteger(request.amountCents) || request.amountCents < 50) {
        throw new PaymentGatewayError({
          code: 'amount_too_small',
          message: 'Amount must be at least 50 cents',
          retryable: false,
        });
      }
      const card = await this.cardOf(em, request.paymentMethodId);
      if (!card) throw noSuchPaymentMethod(request.paymentMethodId);
      const paymentIntentId = simId('pi');
      if (card.declinesCharge) throw declineError(card.declinesCharge, paymentIntentId);
      return { paymentIntentId, status: 'succeeded' };
    });
  }

  /** A test card by its id, or the card a method this simulator attached was made from. */
  private async cardOf(em: EntityManager, paymentMethodId: string): Promise<TestCard | undefined> {
    const card = testCard(paymentMethodId);
    if (card) return card;
    const [attached] = await em.execute<{ source: string }[]>(
      "SELECT request ->> 'paymentMethodId' AS source FROM payment_gateway_simulator WHERE operation = 'attachPaymentMethod' AND response -> 'ok' ->> 'paymentMethodId' = ? LIMIT 1",
      [paymentMethodId],
    );
    return attached ? testCard(attached.source) : undefined;
  }

  /** Refunds part or all of a simulated intent, never more than it charged. */
  refund({ idempotencyKey, ...request }: CreateRefundInput): Promise<{ refundId: string; status: string }> {
    return this.once('refund', idempotencyKey, request, async (em) => {
      const [charged] = await em.execute<{ amount: string }[]>(
        "SELECT (request ->> 'amountCents') AS amount FROM payment_gateway_simulator WHERE operation = 'createPaymentIntent' AND response -> 'ok' ->> 'paymentIntentId' = ?",
        [request.paymentIntentId],
      );
      if (!charged) {
        throw new PaymentGatewayError({
          code: 'resource_missing',
          message: `No such payment_intent: '${request.paymentIntentId}'`,
          retryable: false,
        });
      }
      const [refunded] = await em.execute<{ total: string }[]>(
        "SELECT COALESCE(SUM((request ->> 'amountCents')::bigint), 0) AS total FROM payment_gateway_simulator WHERE operation = 'refund' AND request ->> 'paymentIntentId' = ? AND response -> 'ok' IS NOT NULL",
        [request.paymentIntentId],
      );
      if (Number(refunded.total) + request.amountCents > Number(charged.amount)) {
        throw new PaymentGatewayError({
          code: 'amount_too_large',
          message: 'Refund amount is greater than the unrefunded amount of the charge',
          retryable: false,
        });
      }
      return { refundId: simId('re'), status: 'succeeded' };
    });
  }

  /**
   * Answers a key as it was first answered; otherwise decides, stores the answer (a result or a
   * non-retryable PaymentGatewayError) and returns it. Of two concurrent first calls, the one
   * whose row lands wins and both return its answer.
   */
  protected async once<T>(
    operation: string,
    idempotencyKey: string,
    request: object,
    decide: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    checkIdempotencyKey(idempotencyKey);
    const em = this.em.fork();
    const requestJson = JSON.stringify(request);
    const stored = await this.find(em, idempotencyKey, requestJson);
    if (stored) {
      await this.logCall(em, idempotencyKey, operation, requestJson, 'replayed');
      return this.replay<T>(stored, operation, idempotencyKey);
    }

    let response: StoredResponse;
    try {
      response = { ok: await decide(em) };
    } catch (error) {
      if (!(error instanceof PaymentGatewayError) || error.retryable) throw error;
      const { code, message, declineCode, paymentIntentId } = error;
      response = {
        error: {
          code,
          message,
          ...(declineCode ? { declineCode } : {}),
          ...(paymentIntentId ? { paymentIntentId } : {}),
        },
      };
    }
    // The call is logged in the same statement: 'decided' when this answer is the one stored.
    const inserted = await em.execute<unknown[]>(
      `WITH stored AS (
         INSERT INTO payment_gateway_simulator (idempotency_key, operation, request, response)
         VALUES (?, ?, ?::jsonb, ?::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING 1
       ), logged AS (
         INSERT INTO payment_gateway_calls (idempotency_key, operation, request, outcome)
         SELECT ?, ?, ?::jsonb, CASE WHEN EXISTS (SELECT 1 FROM stored) THEN 'decided' ELSE 'replayed' END
       )
       SELECT 1 FROM stored`,
      [idempotencyKey, operation, requestJson, JSON.stringify(response), idempotencyKey, operation, requestJson],
    );
    if (inserted.length) {
      this.logger.debug(`${operation} ${idempotencyKey}: ${JSON.stringify(response)}`);
      return this.replay<T>({ operation, same_request: true, response }, operation, idempotencyKey);
    }
    // A separate statement: its snapshot sees the row a concurrent call committed meanwhile.
    const winner = await this.find(em, idempotencyKey, requestJson);
    if (!winner) throw new Error(`payment_gateway_simulator lost the row for ${idempotencyKey}`);
    return this.replay<T>(winner, operation, idempotencyKey);
  }

  /** A call answered from the stored answer is logged too: payment_gateway_calls holds every call, not only each key's first. */
  private async logCall(
    em: EntityManager,
    idempotencyKey: string,
    operation: string,
    requestJson: string,
    outcome: 'decided' | 'replayed',
  ): Promise<void> {
    await em.execute(
      'INSERT INTO payment_gateway_calls (idempotency_key, operation, request, outcome) VALUES (?, ?, ?::jsonb, ?)',
      [idempotencyKey, operation, requestJson, outcome],
    );
  }

  private async find(em: EntityManager, idempotencyKey: string, requestJson: string): Promise<StoredRow | undefined> {
    // jsonb equality ignores key order, as Stripe's comparison of parameters does.
    const [row] = await em.execute<StoredRow[]>(
      'SELECT operation, request = ?::jsonb AS same_request, response FROM payment_gateway_simulator WHERE idempotency_key = ?',
      [requestJson, idempotencyKey],
    );
    return row;
  }

  private replay<T>(row: StoredRow, operation: string, idempotencyKey: string): T {
    if (row.operation !== operation || !row.same_request) {
      throw new PaymentGatewayError({
        code: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with (key ${idempotencyKey}).`,
        retryable: false,
      });
    }
    if ('error' in row.response) {
      const { code, message, declineCode, paymentIntentId } = row.response.error;
      throw new PaymentGatewayError({ code, message, declineCode, paymentIntentId, retryable: false });
    }
    return row.response.ok as T;
  }
}
