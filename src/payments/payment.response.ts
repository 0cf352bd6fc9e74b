import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT } from '../shared/http/openapi';
import { INSTRUMENTS } from '../teachers/teacher.events';

/** Amounts are CAD in dollars with at most two decimals (45.5 is $45.50), as requests send them. */
const CAD = (description = 'CAD, in dollars (two decimals at most)') => ({ type: Number, description, example: 45 });
const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled', 'refunded'] as const;

export class WebhookRejectionsResponse {
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ ...INSTANT, nullable: true }) last!: string | null;
}

@ApiSchema({ name: 'Payment' })
export class PaymentResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the lesson it charges, if one' })
  lessonId!: string | null;
  @ApiProperty(CAD()) amount!: number;
  @ApiProperty({ type: String, example: 'CAD' }) currency!: string;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) status!: string;
  @ApiProperty({ type: Number, description: 'charge attempts so far' }) attempts!: number;
  @ApiPropertyOptional({ type: String, example: 'pi_3N…' }) stripePaymentIntentId?: string;
  @ApiProperty({ type: Boolean }) receiptSent!: boolean;
  @ApiProperty(CAD('refunded so far, CAD in dollars')) refundedAmount!: number;
  @ApiProperty({ ...INSTANT, nullable: true, description: 'when a failed charge is tried again' }) nextRetryAt!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiPropertyOptional({
    type: WebhookRejectionsResponse,
    description:
      'admins only: signed Stripe events that named this payment but did not prove what they would settle ' +
      '(changed nothing)',
  })
  webhookRejections?: WebhookRejectionsResponse;
  @ApiProperty(INSTANT) requestedAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
}

export class RequestedPaymentResponse {
  @ApiProperty({ type: String, format: 'uuid' }) paymentId!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}

export class RefundResponse {
  @ApiProperty({ type: String, format: 'uuid' }) paymentId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) refundId!: string;
  @ApiProperty(CAD('this refund, CAD in dollars')) amount!: number;
  @ApiProperty({
    enum: ['succeeded', 'failed', 'pending'],
    description: 'pending: the gateway has not answered yet; the refund workflow finishes it',
  })
  status!: 'succeeded' | 'failed' | 'pending';
  @ApiProperty(CAD('refunded of the payment so far, CAD in dollars')) refundedAmount!: number;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'refunded'] }) paymentStatus!: string;
}

@ApiSchema({ name: 'LedgerEntry' })
export class LedgerEntryResponse {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ enum: ['charge', 'refund'] }) kind!: 'charge' | 'refund';
  @ApiProperty({ type: String, format: 'uuid' }) paymentId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) refundId!: string | null;
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
  @ApiProperty(CAD('what the entry charged or refunded, CAD in dollars')) amount!: number;
  @ApiProperty(CAD('the running balance after this entry, CAD in dollars')) balance!: number;
  @ApiProperty(INSTANT) at!: string;
}

export class LedgerTotalsResponse {
  @ApiProperty(CAD()) charged!: number;
  @ApiProperty(CAD()) refunded!: number;
  @ApiProperty(CAD()) balance!: number;
}

export class LedgerResponse {
  @ApiProperty({ type: LedgerEntryResponse, isArray: true }) items!: LedgerEntryResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next page; null on the last page',
  })
  next!: string | null;
  @ApiProperty({ type: LedgerTotalsResponse, description: 'over every entry the filter selects, not only this page' })
  totals!: LedgerTotalsResponse;
}

class RevenueLineResponse {
  @ApiProperty(CAD()) charged!: number;
  @ApiProperty(CAD()) refunded!: number;
  @ApiProperty(CAD('charged − refunded')) net!: number;
  @ApiProperty({ type: Number, description: 'how many charges' }) charges!: number;
  @ApiProperty({ type: Number, description: 'how many refunds' }) refunds!: number;
}
@ApiSchema({ name: 'RevenueLine' })
export class RevenueTotalsResponse extends RevenueLineResponse {}
export class RevenueDayResponse extends RevenueLineResponse {
  @ApiProperty({ type: String, format: 'date', example: '2026-11-02' }) day!: string;
}
export class RevenueMonthResponse extends RevenueLineResponse {
  @ApiProperty({ type: String, example: '2026-11' }) month!: string;
}
export class RevenueInstrumentResponse extends RevenueLineResponse {
  @ApiProperty({ type: String, example: 'piano', description: `one of ${INSTRUMENTS.join(', ')}` }) instrument!: string;
}
export class RevenueTeacherResponse extends RevenueLineResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: charges of no teacher' })
  teacherId!: string | null;
  @ApiProperty({ type: String, nullable: true }) teacherName!: string | null;
}

export class RevenueReportResponse {
  @ApiProperty(INSTANT) from!: string;
  @ApiProperty(INSTANT) to!: string;
  @ApiProperty({ enum: ['CAD'] }) currency!: 'CAD';
  @ApiProperty({ type: String, example: 'America/Halifax' }) timeZone!: string;
  @ApiProperty({ type: RevenueTotalsResponse }) totals!: RevenueTotalsResponse;
  @ApiProperty({ type: RevenueDayResponse, isArray: true }) byDay!: RevenueDayResponse[];
  @ApiProperty({ type: RevenueMonthResponse, isArray: true }) byMonth!: RevenueMonthResponse[];
  @ApiProperty({ type: RevenueInstrumentResponse, isArray: true }) byInstrument!: RevenueInstrumentResponse[];
  @ApiProperty({ type: RevenueTeacherResponse, isArray: true }) byTeacher!: RevenueTeacherResponse[];
}

export class BillingSkipResponse {
  @ApiProperty({ type: String, format: 'uuid' }) studentId!: string;
  @ApiProperty({ type: String }) reason!: string;
}

export class BillingRunResponse {
  @ApiProperty({ type: String, example: '2026-11' }) period!: string;
  @ApiProperty({ type: Number, description: 'charges newly requested' }) requested!: number;
  @ApiProperty({ type: Number, description: 'students billed for the period before' }) alreadyBilled!: number;
  @ApiProperty({ type: BillingSkipResponse, isArray: true }) skipped!: BillingSkipResponse[];
}

export class BillingNoticesResponse {
  @ApiProperty({ type: String, example: '2026-11' }) period!: string;
  @ApiProperty({ type: Number, description: 'payment-due notices newly requested' }) notices!: number;
}

export class WebhookReceiptResponse {
  @ApiProperty({ enum: [true], type: Boolean }) received!: true;
  @ApiPropertyOptional({ enum: [true], type: Boolean, description: 'an event handled before' }) duplicate?: true;
  @ApiPropertyOptional({ type: String, description: 'why the event changed nothing (a type we do not handle, …)' })
  ignored?: string;
  @ApiPropertyOptional({
    type: String,
    description: 'the event named one of our payments without its recorded intent, amount or currency',
  })
  rejected?: string;
}

export class LessonPriceResponse {
  @ApiProperty({ type: Number, example: 45 }) durationMinutes!: number;
  @ApiProperty(CAD('the price of a lesson of this length, CAD in dollars')) price!: number;
}

export class RateResponse {
  @ApiProperty({ type: Number, example: 30, description: 'the enrolled lesson length' }) durationMinutes!: number;
  @ApiProperty(CAD('the rate per lesson of that length, CAD in dollars')) rate!: number;
  @ApiProperty({ type: LessonPriceResponse, isArray: true }) lessonPrices!: LessonPriceResponse[];
}

export class PricingResponse {
  @ApiProperty({ enum: ['CAD'] }) currency!: 'CAD';
  @ApiProperty({ type: String, description: 'the pricing rule in words' }) rule!: string;
  @ApiProperty({ type: RateResponse, isArray: true }) rates!: RateResponse[];
}
