import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../identity/auth/auth.decorators';
import { invalid } from '../shared/domain-error';
import { LogFilter, parseInstant } from './audit-event';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, AuditLogService } from './audit-log.service';

const NO_CONTROL = /^[^\u0000-\u001f]*$/;

export class AuditPageQueryDto {
  @ApiPropertyOptional({ description: 'the `next` of the previous page, or a global position' })
  @IsOptional() @IsString() @MaxLength(500) after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(AUDIT_PAGE_MAX) limit?: number;
}

export class AuditEventsQueryDto extends AuditPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) streamId?: string;
  @ApiPropertyOptional({ description: 'event type, e.g. LessonScheduled' }) @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) correlationId?: string;
  @ApiPropertyOptional({ description: "the actor's user id, or system / stripe / public" })
  @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) actor?: string;
  @ApiPropertyOptional({ description: 'ISO instant: events that occurred at or after it' }) @IsOptional() @IsString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ description: 'ISO instant: events that occurred before it' }) @IsOptional() @IsString() @MaxLength(40) to?: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'a global position, or an ISO 8601 instant (occurredAt)' })
  @IsOptional() @IsString() @MaxLength(40) asOf?: string;
}

function instantParam(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = parseInstant(text);
  if (!d) throw invalid('INVALID_INSTANT', `${name} must be an ISO 8601 instant with its offset`);
  return d.toISOString();
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get('events')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ description: '{events: [{position, streamId, streamPosition, eventId, type, data, metadata, recordedAt, hash, prevHash}], next} in global order, as stored' })
  events(@Query() q: AuditEventsQueryDto) {
    const filter: LogFilter = {
      streamId: q.streamId,
      type: q.type,
      correlationId: q.correlationId,
      actorId: q.actor,
      from: instantParam('from', q.from),
      to: instantParam('to', q.to),
    };
    return this.audit.events(filter, q.after, q.limit ?? AUDIT_PAGE_DEFAULT);
  }

  @Get('streams/:streamId')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ description: "{streamId, aggregate, asOf, revision, events, state}: the stream's events up to asOf and the state its decider folds from them" })
  stream(@Param('streamId') streamId: string, @Query() q: AsOfQueryDto) {
    return this.audit.stream(streamId, q.asOf);
  }

  @Get('correlations/:correlationId')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ description: '{correlationId, streams, actors, events, next}: everything one request or workflow run caused, in log order' })
  correlation(@Param('correlationId') correlationId: string, @Query() q: AuditPageQueryDto) {
    return this.audit.correlation(correlationId, q.after, q.limit ?? AUDIT_PAGE_DEFAULT);
  }

  @Get('verify')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ description: '{ok, eventsChecked, streams, firstBroken?}: every hash chain and the global order checked' })
  verify() {
    return this.audit.verify();
  }
}
