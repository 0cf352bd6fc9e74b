import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsDollarAmount } from '../../shared/http/validators';

export const AMOUNT_RULE = 'amount must be a number greater than 0 and at most 500 CAD, with at most 2 decimals';

export class ProcessPaymentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() studentId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a lesson of that student' })
  @IsOptional()
  @IsUUID()
  lessonId?: string;

  @ApiPropertyOptional({
    description:
      'CAD, > 0 and ≤ 500, at most 2 decimals. Required unless lessonId is given; with lessonId it is the ' +
      "lesson's price by the pricing rule (the student's rate pro rata by minutes), and any other amount is refused",
    example: 45,
  })
  @ValidateIf((o: ProcessPaymentDto) => o.amount !== undefined || !o.lessonId)
  @IsDollarAmount({ message: AMOUNT_RULE })
  @IsPositive({ message: AMOUNT_RULE })
  @Max(500, { message: AMOUNT_RULE })
  amount?: number;

  @ApiPropertyOptional({ enum: ['CAD'], description: 'default: CAD' })
  @IsOptional()
  @IsIn(['CAD', 'cad'], { message: 'currency must be CAD' })
  currency?: string;

  @ApiPropertyOptional({
    description: "a Stripe payment method id; default: the family's saved method",
    example: 'pm_card_visa',
  })
  @IsOptional()
  @IsString()
  @Matches(/^pm_\w{1,250}$/, { message: 'paymentMethodId must be a Stripe payment method id (pm_…)' })
  paymentMethodId?: string;

  @ApiProperty({ example: 'November lessons' }) @IsString() @MinLength(1) @MaxLength(500) description!: string;
}

export class RefundPaymentDto {
  @ApiPropertyOptional({ description: 'CAD to give back; default: all that is left', example: 20 })
  @IsOptional()
  @IsDollarAmount({ message: 'amount must be a number greater than 0, with at most 2 decimals' })
  @IsPositive({ message: 'amount must be a number greater than 0, with at most 2 decimals' })
  @Max(500, { message: 'amount cannot exceed what was charged' })
  amount?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
