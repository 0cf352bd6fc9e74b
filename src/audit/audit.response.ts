import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { INSTANT } from '../shared/http/openapi';

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const ACTOR_ROLES = ['admin', 'teacher', 'parent', 'auditor', 'system', 'stripe', 'public'];

export class AuditActorResponse {
  @ApiProperty({ type: String, description: 'a user id, or system / stripe / public' }) id!: string;
  @ApiProperty({ enum: ACTOR_ROLES, enumName: 'ActorRole' }) role!: string;
}

export class AuditMetadataResponse {
  @ApiProperty({ type: String }) correlationId!: string;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ ...INSTANT, description: "when the fact happened (the command's clock)" }) occurredAt!: string;
  @ApiProperty({ type: Number }) schemaVersion!: number;
}

@ApiSchema({ name: 'AuditEvent' })
export class AuditEventResponse {
  @ApiProperty({ type: Number, description: 'in the one global order of the log' }) position!: number;
  @ApiProperty({ type: String, example: 'lesson-7c4e…' }) streamId!: string;
  @ApiProperty({ type: Number, description: '0-based, inside its stream' }) streamPosition!: number;
  @ApiProperty({ type: String, format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String, example: 'LessonScheduled', description: 'docs/events.md' }) type!: string;
  @ApiProperty({ ...ANY_OBJECT, description: 'as stored, never upcast; personal data decrypted unless as=stored' })
  data!: Record<string, unknown>;
  @ApiProperty({ type: AuditMetadataResponse }) metadata!: AuditMetadataResponse;
  @ApiProperty({ type: String, description: 'when the store recorded it (ISO 8601)' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true }) hash!: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash!: string | null;
  @ApiProperty({
    type: Number,
    description: 'how `hash` was computed: 1 (jsonb text) or 2 (RFC 8785 JCS), docs/audit.md §1',
  })
  hashScheme!: number;
}

export class AuditEventsResponse {
  @ApiProperty({ type: AuditEventResponse, isArray: true }) events!: AuditEventResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `after` for the next page; null when nothing follows yet',
  })
  next!: string | null;
}

export class AuditCorrelationResponse extends AuditEventsResponse {
  @ApiProperty({ type: String }) correlationId!: string;
  @ApiProperty({ type: String, isArray: true }) streams!: string[];
  @ApiProperty({ type: AuditActorResponse, isArray: true }) actors!: AuditActorResponse[];
}

export class AsOfResponse {
  @ApiPropertyOptional({ type: Number }) position?: number;
  @ApiPropertyOptional(INSTANT) instant?: string;
}

export class AuditStreamResponse {
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'lesson', description: 'null for a stream no decider folds' })
  aggregate!: string | null;
  @ApiProperty({ type: AsOfResponse, nullable: true }) asOf!: AsOfResponse | null;
  @ApiProperty({ type: Number, description: 'the stream position of the last event shown (-1: none)' })
  revision!: number;
  @ApiProperty({ type: AuditEventResponse, isArray: true }) events!: AuditEventResponse[];
  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'the state its decider folds from those events' })
  state!: Record<string, unknown> | null;
}

@ApiSchema({ name: 'LogHead' })
export class LogHeadResponse {
  @ApiProperty({ type: Number, description: 'the global position of the last event covered (0 for an empty log)' })
  position!: number;
  @ApiProperty({ type: Number }) events!: number;
  @ApiProperty({ type: Number }) streams!: number;
  @ApiProperty({ type: String, description: '64 hex digits' }) digest!: string;
}

export class FoundHeadResponse {
  @ApiProperty({ type: Number }) events!: number;
  @ApiProperty({ type: Number }) streams!: number;
  @ApiProperty({ type: String }) digest!: string;
}

export class HeadCheckResponse {
  @ApiProperty({ type: LogHeadResponse }) kept!: LogHeadResponse;
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiProperty({ type: FoundHeadResponse, description: "what the log holds up to the kept head's position" })
  found!: FoundHeadResponse;
  @ApiPropertyOptional({ type: String }) reason?: string;
}

export class BrokenEventResponse {
  @ApiProperty({ type: Number }) position!: number;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: Number }) streamPosition!: number;
  @ApiProperty({ type: String }) eventId!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) reason!: string;
  @ApiPropertyOptional({ type: Number }) line?: number;
}

export class VerifyReportResponse {
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiProperty({ type: Number }) eventsChecked!: number;
  @ApiProperty({ type: Number }) streams!: number;
  @ApiProperty({ type: Number }) partialStreams!: number;
  @ApiPropertyOptional({ type: LogHeadResponse }) head?: LogHeadResponse;
  @ApiPropertyOptional({ type: HeadCheckResponse }) headCheck?: HeadCheckResponse;
  @ApiPropertyOptional({ type: BrokenEventResponse }) firstBroken?: BrokenEventResponse;
}

export class KeptHeadResponse extends LogHeadResponse {
  @ApiProperty({ enum: ['cedar-heights-log-head'] }) format!: string;
  @ApiProperty({ enum: [1], type: Number }) version!: number;
}
