import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import {
  AuditCorrelationResponse,
  AuditEventsResponse,
  AuditStreamResponse,
  KeptHeadResponse,
  VerifyReportResponse,
} from './audit.response';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../identity/auth/auth.decorators';
import { invalid } from '../shared/domain-error';
import { LogFilter, parseInstant, parseTypes } from './audit-event';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, AuditLogService } from './audit-log.service';

const NO_CONTROL = /^[^\u0000-\u001f]*$/;

export class AuditPageQueryDto {
  @ApiPropertyOptional({ description: 'the `next` of the previous page, or a global position' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

export class AuditEventsQueryDto extends AuditPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) streamId?: string;
  @ApiPropertyOptional({
    description: 'one event type, or several separated by commas: LessonScheduled,LessonCancelled (docs/events.md)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(NO_CONTROL)
  type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) @Matches(NO_CONTROL) correlationId?: string;
  @ApiPropertyOptional({ description: "the actor's user id, or system / stripe / public" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL)
  actor?: string;
  @ApiPropertyOptional({ description: 'ISO instant: events that occurred at or after it' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;
  @ApiPropertyOptional({ description: 'ISO instant: events that occurred before it' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class AuditLogQueryDto extends AuditEventsQueryDto {
  @ApiPropertyOptional({
    enum: ['stored'],
    description:
      'stored: personal data as its stored ciphertext (pii:1:…), every field exactly as hashed, ' +
      'so the page verifies (docs/audit.md); default: decrypted, [erased] for a forgotten family',
  })
  @IsOptional()
  @IsIn(['stored'])
  as?: 'stored';
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'a head kept earlier (GET /audit/head): its position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  position?: number;
  @ApiPropertyOptional({ description: 'the kept head: its events' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  events?: number;
  @ApiPropertyOptional({ description: 'the kept head: its streams' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  streams?: number;
  @ApiPropertyOptional({ description: 'the kept head: its digest (64 hex digits)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  digest?: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'a global position, or an ISO 8601 instant (occurredAt)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;
}

function instantParam(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = parseInstant(text);
  if (!d) throw invalid('INVALID_INSTANT', `${name} must be an ISO 8601 instant with its offset`);
  return d.toISOString();
}

function typesParam(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const types = parseTypes(text);
  if (!types) throw invalid('INVALID_TYPE', 'type must be one event type name or several separated by commas');
  return types;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get('events')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'The event log in global order, with filters' })
  @ApiOkResponse({
    description: 'events in global order, never upcast; personal data decrypted unless as=stored (docs/audit.md)',
    type: AuditEventsResponse,
  })
  @ApiProblems(
    [
      400,
      'a filter is malformed: an instant without its offset, a bad type list, from not before to, ' +
        'a cursor this API did not give',
    ],
    401,
    403,
    503,
  )
  events(@Query() q: AuditLogQueryDto) {
    const filter: LogFilter = {
      streamId: q.streamId,
      types: typesParam(q.type),
      correlationId: q.correlationId,
      actorId: q.actor,
      from: instantParam('from', q.from),
      to: instantParam('to', q.to),
    };
    return this.audit.events(filter, q.after, q.limit ?? AUDIT_PAGE_DEFAULT, q.as === 'stored');
  }

  @Get('streams/:streamId')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'getAuditStream', summary: 'A stream as it stood at a moment' })
  @ApiOkResponse({
    description: "the stream's events up to asOf and the state its decider folds from them",
    type: AuditStreamResponse,
  })
  @ApiProblems(
    [400, 'asOf is neither a global position nor an ISO 8601 instant'],
    401,
    403,
    [404, 'no such stream'],
    503,
  )
  stream(@Param('streamId') streamId: string, @Query() q: AsOfQueryDto) {
    return this.audit.stream(streamId, q.asOf);
  }

  @Get('correlations/:correlationId')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'getAuditCorrelation', summary: 'Everything one request or workflow run caused' })
  @ApiOkResponse({
    description: 'everything one request or workflow run caused, in log order',
    type: AuditCorrelationResponse,
  })
  @ApiProblems(400, 401, 403, [404, 'no event carries this correlation id'], 503)
  correlation(@Param('correlationId') correlationId: string, @Query() q: AuditPageQueryDto) {
    return this.audit.correlation(correlationId, q.after, q.limit ?? AUDIT_PAGE_DEFAULT);
  }

  @Get('verify')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'verifyAuditLog', summary: 'Check every hash chain (and a kept head)' })
  @ApiOkResponse({
    description:
      'every hash chain and the global order checked; ' +
      'with a kept head (position, events, streams, digest), also that the log still holds it (docs/audit.md §2)',
    type: VerifyReportResponse,
  })
  @ApiProblems(
    [400, 'a kept head needs position, events, streams and digest together, each well formed'],
    401,
    403,
    503,
  )
  verify(@Query() q: VerifyQueryDto) {
    const given = [q.position, q.events, q.streams, q.digest].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 4)
      throw invalid('INVALID_HEAD', 'a kept head needs position, events, streams and digest together');
    return this.audit.verify(
      undefined,
      given ? { position: q.position!, events: q.events!, streams: q.streams!, digest: q.digest! } : undefined,
    );
  }

  @Get('head')
  @Roles('admin', 'auditor')
  @ApiOperation({ operationId: 'getAuditHead', summary: 'The head of the verified log, to keep elsewhere' })
  @ApiOkResponse({
    description: 'the head of the verified log, to keep elsewhere (docs/audit.md §2)',
    type: KeptHeadResponse,
  })
  @ApiProblems(401, 403, [409, 'the log does not verify: it has no head to keep'], 503)
  head() {
    return this.audit.head();
  }
}
