import { EntityManager } from '@mikro-orm/postgresql';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { PAYMENT_GATEWAY, PaymentGateway } from './payment-gateway.port';
import { SimulatedPaymentGateway } from './simulated.payment-gateway';
import { StripePaymentGateway } from './stripe.payment-gateway';

/**
 * Stripe when a secret key is configured, unless PAYMENT_GATEWAY=simulated; else the simulator
 * (config refuses a DATABASE_URL setup that would get it without saying so). STRIPE_API_URL points the SDK at
 * another host (a stand-in, stripe-mock); read here until AppConfig carries it.
 */
export function createPaymentGateway(
  config: AppConfig,
  em: EntityManager,
  apiUrl: string | undefined = config.stripeApiUrl,
): PaymentGateway {
  if (config.paymentGateway === 'simulated' || !config.stripeSecretKey) return new SimulatedPaymentGateway(em);
  return new StripePaymentGateway({ secretKey: config.stripeSecretKey, apiUrl: apiUrl || undefined });
}

/** PAYMENT_GATEWAY for every context: enrollment sets up payment methods, payments charges. */
@Module({})
export class PaymentGatewayModule {
  static forRoot(): DynamicModule {
    return {
      module: PaymentGatewayModule,
      global: true,
      providers: [
        {
          provide: PAYMENT_GATEWAY,
          inject: [APP_CONFIG, EntityManager],
          useFactory: (config: AppConfig, em: EntityManager) => {
            const gateway = createPaymentGateway(config, em);
            new Logger('PaymentGatewayModule').log(`payment gateway: ${gateway.name}`);
            return gateway;
          },
        },
      ],
      exports: [PAYMENT_GATEWAY],
    };
  }
}
