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
import { declineError, noSuchPaymentMethod, TestCard, testCard } from './simulated-test-cards';

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
        "SELECT 1 FROM payment_gateway_simulator WHERE operation = 'createCustomer' " +
          "AND response -> 'ok' ->> 'customerId' = ?",
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
      "SELECT request ->> 'paymentMethodId' AS source FROM payment_gateway_simulator " +
        "WHERE operation = 'attachPaymentMethod' AND response -> 'ok' ->> 'paymentMethodId' = ? LIMIT 1",
      [paymentMethodId],
    );
    return attached ? testCard(attached.source) : undefined;
  }

  /** Refunds part or all of a simulated intent, never more than it charged. */
  refund({ idempotencyKey, ...request }: CreateRefundInput): Promise<{ refundId: string; status: string }> {
    return this.once('refund', idempotencyKey, request, async (em) => {
      const [charged] = await em.execute<{ amount: string }[]>(
        "SELECT (request ->> 'amountCents') AS amount FROM payment_gateway_simulator " +
          "WHERE operation = 'createPaymentIntent' AND response -> 'ok' ->> 'paymentIntentId' = ?",
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
        "SELECT COALESCE(SUM((request ->> 'amountCents')::bigint), 0) AS total FROM payment_gateway_simulator WHERE " +
          "operation = 'refund' AND request ->> 'paymentIntentId' = ? AND response -> 'ok' IS NOT NULL",
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

  /**
   * A call answered from the stored answer is logged too: payment_gateway_calls holds every call,
   * not only each key's first.
   */
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
      'SELECT operation, request = ?::jsonb AS same_request, response ' +
        'FROM payment_gateway_simulator WHERE idempotency_key = ?',
      [requestJson, idempotencyKey],
    );
    return row;
  }

  private replay<T>(row: StoredRow, operation: string, idempotencyKey: string): T {
    if (row.operation !== operation || !row.same_request) {
      throw new PaymentGatewayError({
        code: 'idempotency_error',
        message:
          `Keys for idempotent requests can only be used with the same parameters they were first used with ` +
          `(key ${idempotencyKey}).`,
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
