import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RequestedPaymentResponse } from '../payment.response';
import { IdempotencyKeys } from '../../shared/http/idempotency-keys';
import { FamilyPaymentMethodRow } from '../../../projections/payments/payment.entity';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { Roles } from '../../identity/auth/auth.decorators';
import { lessonDecider, LessonState } from '../../lessons/lesson.decider';
import { lessonStream } from '../../lessons/lesson.events';
import { invalid, notFound, rejected } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { toCents } from '../../shared/money';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { paymentDecider } from '../payment.decider';
import { paymentStream } from '../payment.events';
import { lessonChargeCents } from '../pricing';
import { AMOUNT_RULE, ProcessPaymentDto } from './process-payment.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments')
export class ProcessPaymentController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly contexts: CommandContextFactory,
    private readonly em: EntityManager,
    private readonly keys: IdempotencyKeys,
  ) {}

  /** Records the request; the payment workflow charges it from the stored event. */
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
      "the student has withdrawn, the family has no saved payment method, with lessonId: another student's lesson or an amount other than its price; IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first used with another request",
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
    const requestedCents = body.amount === undefined ? null : toCents(body.amount);
    if (body.amount !== undefined && requestedCents === null) throw invalid('PAYMENT_AMOUNT_OUT_OF_RANGE', AMOUNT_RULE);
    let amountCents = requestedCents;
    const student = await this.executor.load<StudentState, never>(studentStream(body.studentId), studentDecider);
    if (student.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${body.studentId}`);
    if (student.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
    if (body.lessonId) {
      const lesson = await this.executor.load<LessonState, never>(lessonStream(body.lessonId), lessonDecider);
      if (lesson.status === 'none') throw notFound('LESSON_NOT_FOUND', `no lesson ${body.lessonId}`);
      if (lesson.studentId !== body.studentId)
        throw rejected('LESSON_OF_ANOTHER_STUDENT', "the lesson is not one of this student's");
      // A lesson is charged at its price by the pricing rule, as the monthly billing would.
      amountCents = lessonChargeCents(
        {
          rateCents: student.lessonRateCents,
          enrolledMinutes: student.lessonDurationMinutes,
          lessonMinutes: lesson.durationMinutes,
        },
        requestedCents,
      );
    }
    if (amountCents === null)
      throw invalid('PAYMENT_AMOUNT_REQUIRED', 'amount is required unless the charge is for a lesson (lessonId)');
    let paymentMethodId = body.paymentMethodId ?? null;
    let customerId: string | null = null;
    if (!paymentMethodId) {
      const saved = await this.em.fork().findOne(FamilyPaymentMethodRow, { parentId: student.parentId });
      if (!saved) throw rejected('NO_PAYMENT_METHOD', 'the family has no saved payment method: give a paymentMethodId');
      paymentMethodId = saved.paymentMethodId;
      customerId = saved.customerId;
    }
    const ctx = this.contexts.create(key);
    const paymentId = deriveId(ctx.commandId, 'payment');
    await this.executor.execute(
      paymentStream(paymentId),
      paymentDecider,
      {
        type: 'RequestPayment',
        paymentId,
        studentId: body.studentId,
        parentId: student.parentId,
        lessonId: body.lessonId ?? null,
        amountCents,
        description: body.description.trim(),
        paymentMethodId,
        customerId,
        instrument: student.instrument,
        teacherId: student.teacherId,
      },
      ctx,
    );
    return { paymentId, status: 'pending' };
  }
}
