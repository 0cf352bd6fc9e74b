import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { WebhookReceiptResponse } from '../payment.response';
import type { Request } from 'express';
import { Public } from '../../identity/auth/auth.decorators';
import { RateLimit } from '../../shared/http/rate-limit';
import { StripeWebhookService, WebhookResult } from './stripe-webhook.service';

/** Stripe calls this; it proves itself with the Stripe-Signature over the raw body, not a token. */
@ApiTags('payments')
@Controller('api/v1/stripe/webhooks')
export class StripeWebhooksController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Public()
  @Post()
  @HttpCode(200)
  @RateLimit('stripe-webhooks')
  @ApiOperation({ operationId: 'receiveStripeWebhook', summary: "Stripe's events (signed with Stripe-Signature)" })
  @ApiOkResponse({
    description:
      'received (also a duplicate or an event type we do not handle); with `rejected` when it named one of our ' +
      'payments without its recorded intent, amount or currency',
    type: WebhookReceiptResponse,
  })
  @ApiProblems(
    [
      400,
      'the Stripe-Signature is missing, does not match, or is older than 5 minutes; the body is not a readable ' +
        'Stripe event',
    ],
    429,
    [503, 'webhooks are not configured (no STRIPE_WEBHOOK_SECRET), or the event store is not reachable'],
  )
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature?: string,
  ): Promise<WebhookResult> {
    const event = this.webhooks.verify(req.rawBody, signature);
    return this.webhooks.handle(event);
  }
}
