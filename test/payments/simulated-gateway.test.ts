import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Global, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig } from '../../src/config/config';
import { ormOptions } from '../../src/database/orm.config';
import { createPaymentGateway, PaymentGatewayModule } from '../../src/payments/gateway/payment-gateway.module';
import { PAYMENT_GATEWAY, PaymentGatewayError } from '../../src/payments/gateway/payment-gateway.port';
import { SimulatedPaymentGateway } from '../../src/payments/gateway/simulated.payment-gateway';
import { StripePaymentGateway } from '../../src/payments/gateway/stripe.payment-gateway';
import { createTestDatabase, TestDatabase } from '../support/database';
import { migrateWithPaymentGateway } from './support';

describe('SimulatedPaymentGateway', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let gateway: SimulatedPaymentGateway;

  const customer = (key = 'enroll-1:customer', email = 'parent@example.com') =>
    gateway.createCustomer({ idempotencyKey: key, email, name: 'Ada Lovelace', metadata: { family_id: 'fam-1' } });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(PaymentGatewayError);
        return error as PaymentGatewayError;
      },
    );
  const charge = {
    idempotencyKey: 'charge-1',
    amountCents: 20_00,
    currency: 'cad' as const,
    customerId: null,
    description: 'Lessons',
    metadata: { paymentId: 'p-1' },
  };
  const rows = () =>
    orm.em
      .fork()
      .execute(
        'SELECT idempotency_key, operation, request, response FROM payment_gateway_simulator ORDER BY created_at, idempotency_key',
      );

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase('payment_gateway');
    await migrateWithPaymentGateway(database.url);
    orm = await MikroORM.init(ormOptions(database.url));
    gateway = new SimulatedPaymentGateway(orm.em);
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });
  beforeEach(() => orm.em.fork().execute('TRUNCATE payment_gateway_simulator'));

  it.each([
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
    ['pm_card_amex', 'amex', '8431'],
  ])('%s attaches as a new payment method with brand %s and last4 %s', async (paymentMethodId, brand, last4) => {
    const { customerId } = await customer();
    expect(customerId).toMatch(/^cus_sim_[0-9a-f]{20}$/);
    const attached = await gateway.attachPaymentMethod({ idempotencyKey: 'enroll-1:pm', customerId, paymentMethodId });
    expect(attached).toEqual({ paymentMethodId: expect.stringMatching(/^pm_sim_[0-9a-f]{20}$/), brand, last4 });
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_visa_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_chargeDeclinedLostCard', 'lost_card', 'Your card was declined.'],
    ['pm_card_chargeDeclinedStolenCard', 'stolen_card', 'Your card was declined.'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'Your card has expired.'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    [
      'pm_card_chargeDeclinedProcessingError',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ],
    ['pm_card_chargeDeclinedFraudulent', 'fraudulent', 'Your card was declined.'],
  ])(
    '%s is declined when attached and when charged: card_declined/%s, not retryable',
    async (paymentMethodId, declineCode, message) => {
      const { customerId } = await customer();
      const e = await failure(
        gateway.attachPaymentMethod({ idempotencyKey: 'enroll-1:pm', customerId, paymentMethodId }),
      );
      expect(e).toMatchObject({ code: 'card_declined', declineCode, message, retryable: false });
      const charged = await failure(gateway.createPaymentIntent({ ...charge, paymentMethodId }));
      expect(charged).toMatchObject({
        code: 'card_declined',
        declineCode,
        message,
        paymentIntentId: expect.stringMatching(/^pi_sim_/),
      });
    },
  );

  it('pm_card_chargeCustomerFail attaches, then every charge of it is declined', async () => {
    const { customerId } = await customer();
    const attached = await gateway.attachPaymentMethod({
      idempotencyKey: 'pm-1',
      customerId,
      paymentMethodId: 'pm_card_chargeCustomerFail',
    });
    expect(attached).toEqual({ paymentMethodId: expect.stringMatching(/^pm_sim_/), brand: 'visa', last4: '0341' });
    const e = await failure(
      gateway.createPaymentIntent({ ...charge, customerId, paymentMethodId: attached.paymentMethodId }),
    );
    expect(e).toMatchObject({ code: 'card_declined', declineCode: 'generic_decline', retryable: false });
  });

  it('pm_card_authenticationRequired attaches, but an off-session charge needs 3-D Secure: authentication_required', async () => {
    const { customerId } = await customer();
    const attached = await gateway.attachPaymentMethod({
      idempotencyKey: 'pm-1',
      customerId,
      paymentMethodId: 'pm_card_authenticationRequired',
    });
    const e = await failure(
      gateway.createPaymentIntent({ ...charge, customerId, paymentMethodId: attached.paymentMethodId }),
    );
    expect(e).toMatchObject({
      code: 'card_declined',
      declineCode: 'authentication_required',
      message: expect.stringMatching(/requires authentication/),
    });
  });

  it('a method attached from pm_card_visa charges like it; the same key answers the same intent', async () => {
    const { customerId } = await customer();
    const attached = await gateway.attachPaymentMethod({
      idempotencyKey: 'pm-1',
      customerId,
      paymentMethodId: 'pm_card_visa',
    });
    const first = await gateway.createPaymentIntent({
      ...charge,
      customerId,
      paymentMethodId: attached.paymentMethodId,
    });
    expect(first).toEqual({ paymentIntentId: expect.stringMatching(/^pi_sim_/), status: 'succeeded' });
    expect(
      await gateway.createPaymentIntent({ ...charge, customerId, paymentMethodId: attached.paymentMethodId }),
    ).toEqual(first);
  });

  it.each(['pm_bogus_123', 'tok_visa', 'pm_sim_neverAttached'])(
    '%s is no PaymentMethod Stripe knows: refused when attached and when charged',
    async (paymentMethodId) => {
      const { customerId } = await customer();
      const e = await failure(gateway.attachPaymentMethod({ idempotencyKey: 'pm-1', customerId, paymentMethodId }));
      expect(e).toMatchObject({
        code: 'invalid_payment_method',
        message: `No such PaymentMethod: '${paymentMethodId}'`,
        retryable: false,
      });
      expect(e.declineCode).toBeUndefined();
      const charged = await failure(gateway.createPaymentIntent({ ...charge, paymentMethodId }));
      expect(charged).toMatchObject({
        code: 'invalid_payment_method',
        message: `No such PaymentMethod: '${paymentMethodId}'`,
      });
    },
  );

  it('an unknown customer → resource_missing', async () => {
    const e = await failure(
      gateway.attachPaymentMethod({
        idempotencyKey: 'pm-1',
        customerId: 'cus_sim_nobody',
        paymentMethodId: 'pm_card_visa',
      }),
    );
    expect(e).toMatchObject({ code: 'resource_missing', retryable: false });
  });

  describe('idempotency', () => {
    it('the same key twice returns the same customer and stores one row', async () => {
      const first = await customer();
      const second = await customer();
      expect(second).toEqual(first);
      expect(await rows()).toEqual([
        {
          idempotency_key: 'enroll-1:customer',
          operation: 'createCustomer',
          request: { email: 'parent@example.com', name: 'Ada Lovelace', metadata: { family_id: 'fam-1' } },
          response: { ok: first },
        },
      ]);
    });

    it('survives a restart: a new instance on a new connection answers from the table', async () => {
      const first = await customer();
      const attached = await gateway.attachPaymentMethod({
        idempotencyKey: 'pm-1',
        customerId: first.customerId,
        paymentMethodId: 'pm_card_visa',
      });
      const restarted = await MikroORM.init(ormOptions(database.url));
      try {
        const again = new SimulatedPaymentGateway(restarted.em);
        expect(
          await again.createCustomer({
            idempotencyKey: 'enroll-1:customer',
            email: 'parent@example.com',
            name: 'Ada Lovelace',
            metadata: { family_id: 'fam-1' },
          }),
        ).toEqual(first);
        expect(
          await again.attachPaymentMethod({
            idempotencyKey: 'pm-1',
            customerId: first.customerId,
            paymentMethodId: 'pm_card_visa',
          }),
        ).toEqual(attached);
      } finally {
        await restarted.close(true);
      }
      expect(await rows()).toHaveLength(2);
    });

    it('a declined card is declined again for the same key, from the stored answer', async () => {
      const { customerId } = await customer();
      const input = { idempotencyKey: 'pm-declined', customerId, paymentMethodId: 'pm_card_chargeDeclinedStolenCard' };
      const first = await failure(gateway.attachPaymentMethod(input));
      const second = await failure(gateway.attachPaymentMethod(input));
      expect(second).toMatchObject({
        code: first.code,
        declineCode: first.declineCode,
        message: first.message,
        retryable: false,
      });
      const stored = (await rows()).find((r) => r.idempotency_key === 'pm-declined');
      expect(stored?.response).toEqual({
        error: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
      });
    });

    it('a key reused for a different request → idempotency_error, nothing new stored', async () => {
      const first = await customer('k');
      const e = await failure(customer('k', 'someone-else@example.com'));
      expect(e).toMatchObject({ code: 'idempotency_error', retryable: false });
      const other = await failure(
        gateway.attachPaymentMethod({
          idempotencyKey: 'k',
          customerId: first.customerId,
          paymentMethodId: 'pm_card_visa',
        }),
      );
      expect(other.code).toBe('idempotency_error');
      expect(await rows()).toHaveLength(1);
    });

    it('concurrent calls with one key make one customer', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, () => customer('concurrent')));
      expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
      expect(await rows()).toHaveLength(1);
    });

    it('refuses a missing or overlong key', async () => {
      expect(await failure(customer(''))).toMatchObject({ code: 'invalid_idempotency_key' });
      expect(await failure(customer('x'.repeat(201)))).toMatchObject({ code: 'invalid_idempotency_key' });
      expect(await rows()).toHaveLength(0);
    });
  });

  describe('choosing the gateway', () => {
    it('Stripe only when a secret key is configured', () => {
      expect(createPaymentGateway(loadConfig({}), orm.em)).toBeInstanceOf(SimulatedPaymentGateway);
      const stripeConfig = loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc123' });
      expect(createPaymentGateway(stripeConfig, orm.em, undefined)).toBeInstanceOf(StripePaymentGateway);
      expect(createPaymentGateway(stripeConfig, orm.em, 'http://127.0.0.1:12111')).toBeInstanceOf(StripePaymentGateway);
      expect(() => createPaymentGateway(stripeConfig, orm.em, 'ftp://nope')).toThrow(/STRIPE_API_URL/);
    });

    it('PaymentGatewayModule.forRoot() provides PAYMENT_GATEWAY from APP_CONFIG and the EntityManager', async () => {
      @Global()
      @Module({
        providers: [
          { provide: APP_CONFIG, useValue: loadConfig({}) },
          { provide: EntityManager, useValue: orm.em },
        ],
        exports: [APP_CONFIG, EntityManager],
      })
      class HostModule {}

      const moduleRef = await Test.createTestingModule({
        imports: [HostModule, PaymentGatewayModule.forRoot()],
      }).compile();
      try {
        const provided = moduleRef.get(PAYMENT_GATEWAY);
        expect(provided).toBeInstanceOf(SimulatedPaymentGateway);
        expect(
          await provided.createCustomer({
            idempotencyKey: 'via-nest',
            email: 'p@example.com',
            name: 'P',
            metadata: {},
          }),
        ).toEqual({
          customerId: expect.stringMatching(/^cus_sim_/),
        });
      } finally {
        await moduleRef.close();
      }
    });
  });
});
