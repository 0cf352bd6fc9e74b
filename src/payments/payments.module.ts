import { RefundEmail } from './refund-payment/refund-email';
import { DynamicModule, Module } from '@nestjs/common';
import { PaymentsProjection } from '../../projections/payments/payments.projection';
import { PAYMENT_QUERY_HANDLERS } from '../../projections/payments/payments.queries';
import { GetRevenueReportHandler } from '../../projections/payments/revenue.queries';
import { BillingController } from './billing/billing.controller';
import { BILLING_HANDLERS } from './billing/monthly-billing.handlers';
import { MonthlyBillingJob } from './billing/monthly-billing.job';
import { PaymentRetriesJob } from './dunning/payment-retries.job';
import { PAYMENT_FOLLOW_UP_HANDLERS } from './payment-follow-ups.handlers';
import { PaymentProcessingWorkflow } from './payment.workflow';
import { ChargePaymentHandler } from './process-payment/charge-payment.handler';
import { ProcessPaymentController } from './process-payment/process-payment.controller';
import { RefundPaymentController } from './refund-payment/refund-payment.controller';
import { PaymentRefundWorkflow } from './refund-payment/refund.workflow';
import { REFUND_HANDLERS } from './refund-payment/refund.handlers';
import { RefundPaymentHandler } from './refund-payment/refund-payment.handler';
import { ProcessPaymentHandler } from './process-payment/process-payment.handler';
import { StripeWebhookService } from './stripe-webhooks/stripe-webhook.service';
import { StripeWebhooksController } from './stripe-webhooks/stripe-webhooks.controller';
import { PaymentsController } from './view-payments/payments.controller';
import { IdempotencyKeys } from '../shared/http/idempotency-keys';
import { PublicPricingController } from './view-payments/public-pricing.controller';
import { RevenueController } from './view-payments/revenue.controller';

/**
 * Payments (docs/domain.md, Payments): charges with dunning, Stripe webhooks, refunds, the family
 * ledger and revenue. PAYMENT_GATEWAY comes from PaymentGatewayModule (global).
 * Dunning and the monthly billing run are jobs (src/jobs): scheduled where jobs are enabled.
 */
@Module({})
export class PaymentsModule {
  static forRoot(): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: [
        BillingController,
        ProcessPaymentController,
        RefundPaymentController,
        StripeWebhooksController,
        PaymentsController,
        RevenueController,
        PublicPricingController,
      ],
      providers: [
        PaymentsProjection,
        ...PAYMENT_QUERY_HANDLERS,
        GetRevenueReportHandler,
        PaymentProcessingWorkflow,
        PaymentRefundWorkflow,
        ChargePaymentHandler,
        ...PAYMENT_FOLLOW_UP_HANDLERS,
        ...REFUND_HANDLERS,
        RefundPaymentHandler,
        ProcessPaymentHandler,
        RefundEmail,
        PaymentRetriesJob,
        StripeWebhookService,
        IdempotencyKeys,
        ...BILLING_HANDLERS,
        MonthlyBillingJob,
      ],
      exports: [PaymentRetriesJob, MonthlyBillingJob],
    };
  }
}
