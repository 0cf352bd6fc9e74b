import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RefundResponse } from '../payment.response';
import { IdempotencyKeys } from '../../shared/http/idempotency-keys';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { Roles } from '../../identity/auth/auth.decorators';
import { invalid } from '../../shared/domain-error';
import { fromCents, toCents } from '../../shared/money';
import { RefundPayment } from './refund-payment.command';
import { RefundResult } from './refund-payment.handler';
import { RefundPaymentDto } from '../process-payment/process-payment.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments')
export class RefundPaymentController {
  constructor(
    private readonly contexts: CommandContextFactory,
    private readonly commandBus: CommandBus,
    private readonly keys: IdempotencyKeys,
  ) {}

  /** Refunds at once (see RefundPaymentHandler); the answer says how the gateway answered. */
  @Post(':id/refund')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ operationId: 'refundPayment', summary: 'Refund all or part of a payment' })
  @ApiOkResponse({ description: 'the refund, and what is refunded of the payment so far', type: RefundResponse })
  @ApiProblems(
    [400, 'a malformed id, or an amount ≤ 0 or with more than 2 decimals'],
    401,
    403,
    [404, 'no such payment'],
    409,
    [
      422,
      'more than is left of the charge, or the payment did not succeed; IDEMPOTENCY_KEY_REUSED: the key was ' +
        'first used with another request',
    ],
    503,
  )
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and body: the first refund; the same key with another body: 422',
  })
  async refund(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RefundPaymentDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.keys.run(key, `POST /api/v1/payments/${id}/refund`, body, () => this.issue(id, body, key));
  }

  private async issue(id: string, body: RefundPaymentDto, key: string | undefined) {
    const amountCents = body.amount === undefined ? null : toCents(body.amount);
    if (amountCents === null && body.amount !== undefined)
      throw invalid('REFUND_AMOUNT_INVALID', 'amount must be a number greater than 0, with at most 2 decimals');
    const r = await this.commandBus.execute<RefundPayment, RefundResult>(
      new RefundPayment(id, amountCents, body.reason?.trim() || null, this.contexts.create(key)),
    );
    return {
      paymentId: id,
      refundId: r.refundId,
      amount: fromCents(r.amountCents),
      status: r.status,
      refundedAmount: fromCents(r.refundedCents),
      paymentStatus: r.paymentStatus,
    };
  }
}
