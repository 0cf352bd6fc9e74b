import { ApiPropertyOptional } from '@nestjs/swagger';
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
