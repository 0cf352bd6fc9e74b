import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../identity/auth/auth.decorators';
import { fromCents } from '../../shared/money';
import { LESSON_RATES_CENTS } from '../pricing';

@ApiTags('public')
@Controller('api/v1/public/pricing')
export class PublicPricingController {
  @Public()
  @Get()
  @ApiOkResponse({ description: '{currency: "CAD", rates: [{durationMinutes, rate}]}: the lesson rate for each lesson length' })
  pricing() {
    const rates = Object.entries(LESSON_RATES_CENTS)
      .map(([minutes, cents]) => ({ durationMinutes: Number(minutes), rate: fromCents(cents) }))
      .sort((a, b) => a.durationMinutes - b.durationMinutes);
    return { currency: 'CAD', rates };
  }
}
