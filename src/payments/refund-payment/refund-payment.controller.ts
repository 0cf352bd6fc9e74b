import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RefundResponse } from '../payment.response';
import { IdempotencyKeys } from '../../shared/http/idempotency-keys';
import { CommandContext } from '../../cqrs/command-context';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Roles } from '../../identity/auth/auth.decorators';
import { invalid, notFound } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { fromCents, toCents } from '../../shared/money';
import { paymentDecider, PaymentState } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { IssueRefund, PAYMENT_REFUND } from './refund.workflow';
import { RefundPaymentDto } from '../process-payment/process-payment.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments')
export class RefundPaymentController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly commandBus: CommandBus,
    private readonly keys: IdempotencyKeys,
  ) {}

  /**
   * Reserves the amount on the payment's stream (so two refunds can never exceed the charge),
   * then refunds through the gateway at once, as the refund workflow would (the same command
   * id, so its later delivery is a no-op; after a crash it finishes the refund).
   */
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
      'more than is left of the charge, or the payment did not succeed; IDEMPOTENCY_KEY_REUSED: the key was first used with another request',
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
    const before = await this.executor.load<PaymentState, never>(paymentStream(id), paymentDecider);
    if (before.status === 'none') throw notFound('PAYMENT_NOT_FOUND', `no payment ${id}`);
    const reserved = Object.values(before.pendingRefunds).reduce((a, b) => a + b, 0);
    const amountCents =
      body.amount === undefined ? before.request.amountCents - before.refundedCents - reserved : toCents(body.amount);
    if (amountCents === null)
      throw invalid('REFUND_AMOUNT_INVALID', 'amount must be a number greater than 0, with at most 2 decimals');
    const ctx = this.contexts.create(key);
    const refundId = deriveId(ctx.commandId, 'refund');
    const requested = await this.executor.execute(
      paymentStream(id),
      paymentDecider,
      { type: 'RequestRefund', paymentId: id, refundId, amountCents, reason: body.reason?.trim() || null },
      ctx,
    );
    const eventId = deriveId('event', ctx.commandId, '0');
    const issueCtx: CommandContext = {
      commandId: deriveId('workflow', PAYMENT_REFUND.name, 'IssueRefund', eventId),
      correlationId: ctx.correlationId,
      causationId: eventId,
      actor: ctx.actor,
      issuedAt: ctx.issuedAt,
    };
    if (requested.events.length) await this.commandBus.execute(new IssueRefund(id, refundId, issueCtx));
    const after = await this.executor.load<PaymentState, never>(paymentStream(id), paymentDecider);
    if (after.status === 'none') throw notFound('PAYMENT_NOT_FOUND', `no payment ${id}`);
    const status =
      after.pendingRefunds[refundId] !== undefined
        ? 'pending'
        : after.failedRefunds.includes(refundId)
          ? 'failed'
          : 'succeeded';
    return {
      paymentId: id,
      refundId,
      amount: fromCents(after.refundAmounts[refundId] ?? amountCents),
      status,
      refundedAmount: fromCents(after.refundedCents),
      paymentStatus: after.status,
    };
  }
}
