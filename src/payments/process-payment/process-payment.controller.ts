import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RequestedPaymentResponse } from '../payment.response';
import { IdempotencyKeys } from '../../shared/http/idempotency-keys';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { Roles } from '../../identity/auth/auth.decorators';
import { invalid } from '../../shared/domain-error';
import { toCents } from '../../shared/money';
import { AMOUNT_RULE, ProcessPaymentDto } from './process-payment.dto';
import { ProcessPayment } from './process-payment.command';
import { RequestedPayment } from './process-payment.handler';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments')
export class ProcessPaymentController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly keys: IdempotencyKeys,
  ) {}

  /** Records the request (see ProcessPaymentHandler); the payment workflow charges it from the stored event. */
  @Post('process')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ operationId: 'requestPayment', summary: 'Charge a family (the payment workflow charges it)' })
  @ApiAcceptedResponse({
    description: 'recorded (status pending): follow it at GET /api/v1/payments/{id}',
    type: RequestedPaymentResponse,
  })
  @ApiProblems(
    [400, 'amount ≤ 0, > 500, not a number or with more than 2 decimals, or missing without lessonId; malformed ids'],
    401,
    403,
    [404, 'no such student or lesson'],
    409,
    [
      422,
      "the student has withdrawn, the family has no saved payment method, with lessonId: another student's " +
        'lesson or an amount other than its price; IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first used ' +
        'with another request',
    ],
    503,
  )
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and body: the first payment; the same key with another body: 422',
  })
  async process(@Body() body: ProcessPaymentDto, @Headers('idempotency-key') key?: string) {
    return this.keys.run(key, 'POST /api/v1/payments/process', body, () => this.request(body, key));
  }

  private async request(body: ProcessPaymentDto, key: string | undefined) {
    const amountCents = body.amount === undefined ? null : toCents(body.amount);
    if (body.amount !== undefined && amountCents === null) throw invalid('PAYMENT_AMOUNT_OUT_OF_RANGE', AMOUNT_RULE);
    const { paymentId } = await this.commandBus.execute<ProcessPayment, RequestedPayment>(
      new ProcessPayment(
        {
          studentId: body.studentId,
          lessonId: body.lessonId ?? null,
          amountCents,
          description: body.description.trim(),
          paymentMethodId: body.paymentMethodId ?? null,
        },
        this.contexts.create(key),
      ),
    );
    return { paymentId, status: 'pending' };
  }
}
