import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT } from '../../shared/http/openapi';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../projections/paging';
import { EMAIL_STATUSES, EmailStatus } from '../email-status';
import { TEMPLATE_NAMES, TemplateName } from '../templates/templates';

export class ListEmailsQueryDto {
  @ApiPropertyOptional({ description: 'exact address (case-insensitive)', example: 'parent@example.com' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  recipient?: string;

  @ApiPropertyOptional({ enum: TEMPLATE_NAMES })
  @IsOptional()
  @IsIn(TEMPLATE_NAMES)
  template?: TemplateName;

  @ApiPropertyOptional({ enum: EMAIL_STATUSES })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "from the previous page's `next`" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

@ApiSchema({ name: 'Email' })
export class EmailResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) recipient!: string;
  @ApiProperty({ enum: TEMPLATE_NAMES, enumName: 'EmailTemplate' }) template!: string;
  @ApiProperty({ type: String }) subject!: string;
  @ApiProperty({
    enum: EMAIL_STATUSES,
    enumName: 'EmailStatus',
    description: 'delivered_locally: no SendGrid; read it here',
  })
  status!: EmailStatus;
  @ApiProperty({ type: Number }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty({ ...INSTANT, nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the event that asked for it' })
  causedByEventId!: string | null;
}

/** One email in full: what its reader got, as text and as HTML. */
@ApiSchema({ name: 'EmailDetail' })
export class EmailDetailResponse extends EmailResponse {
  @ApiProperty({ type: String }) text!: string;
  @ApiProperty({ type: String }) html!: string;
}
