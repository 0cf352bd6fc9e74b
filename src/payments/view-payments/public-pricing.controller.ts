import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PricingResponse } from '../payment.response';
import { Public } from '../../identity/auth/auth.decorators';
import { fromCents } from '../../shared/money';
import { LESSON_RATES_CENTS, lessonPriceCents, LISTED_LESSON_MINUTES, PRICING_RULE } from '../pricing';

/**
 * The public price list: the rate for each enrolled lesson length and, by the pricing rule that
 * billing and one-off charges follow, what a lesson of each length costs a student enrolled so.
 */
@ApiTags('payments')
@Controller('api/v1/public/pricing')
export class PublicPricingController {
  @Public()
  @Get()
  @ApiOperation({ operationId: 'getPricing', summary: 'The public price list' })
  @ApiOkResponse({
    description:
      'the rate per lesson for each enrolled lesson length, and the price of a lesson of each length at that rate',
    type: PricingResponse,
  })
  pricing() {
    const rates = Object.entries(LESSON_RATES_CENTS)
      .map(([minutes, cents]) => ({
        durationMinutes: Number(minutes),
        rate: fromCents(cents),
        lessonPrices: LISTED_LESSON_MINUTES.map((lessonMinutes) => ({
          durationMinutes: lessonMinutes,
          price: fromCents(lessonPriceCents({ rateCents: cents, enrolledMinutes: Number(minutes), lessonMinutes })),
        })),
      }))
      .sort((a, b) => a.durationMinutes - b.durationMinutes);
    return { currency: 'CAD', rule: PRICING_RULE, rates };
  }
}
