import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) eventStore!: 'up' | 'down';
  @ApiProperty({ type: String, description: 'which event store the app runs on', example: 'postgres' })
  eventStoreAdapter!: string;
}

export class LiveResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class SubscriptionStatusResponse {
  @ApiProperty({ type: String, example: 'lessons' }) name!: string;
  @ApiProperty({ enum: ['projection', 'saga'] }) kind!: 'projection' | 'saga';
  @ApiProperty({
    enum: ['live', 'catching-up', 'retrying', 'stopped', 'standby'],
    description: 'standby: another instance runs it (see activeIn)',
  })
  status!: string;
  @ApiProperty({ type: Number, description: 'the global position of the last event handled' }) checkpoint!: number;
  @ApiProperty({ type: Number, description: 'events it gave up on' }) parked!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: Number, description: 'age of the oldest event not yet handled; 0 when caught up' })
  lagSeconds!: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the instance running it (hostname:pid), null when none does',
  })
  activeIn?: string | null;
}

export class SubscriptionStatusesResponse {
  @ApiProperty({ type: String, nullable: true, description: 'the instance answering (hostname:pid)' }) instance!:
    string | null;
  @ApiProperty({ type: SubscriptionStatusResponse, isArray: true }) items!: SubscriptionStatusResponse[];
}

export class ParkedEventResponse {
  @ApiProperty({ type: String, description: 'the projection or saga' }) subscription!: string;
  @ApiProperty({ type: Number }) position!: number;
  @ApiProperty({ type: String, format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String }) eventType!: string;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: String }) error!: string;
  @ApiProperty({ type: Number }) attempts!: number;
  @ApiProperty({ type: String, description: 'ISO 8601' }) parkedAt!: string;
}

export class ParkedEventsResponse {
  @ApiProperty({ type: ParkedEventResponse, isArray: true }) items!: ParkedEventResponse[];
}

export class RebuildProgressResponse {
  @ApiProperty({ type: Number, description: 'events applied so far' }) events!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "events of the projection's types in the log when it started (null: unknown)",
  })
  total!: number | null;
  @ApiProperty({ type: Number }) eventsPerSecond!: number;
  @ApiProperty({ type: Number, nullable: true }) etaSeconds!: number | null;
}

export class DifferenceSampleResponse {
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ enum: ['changed', 'only-live', 'only-rebuilt'] }) difference!: string;
}

export class TableDifferenceResponse {
  @ApiProperty({ type: String }) table!: string;
  @ApiProperty({ type: Number }) liveRows!: number;
  @ApiProperty({ type: Number }) rebuiltRows!: number;
  @ApiProperty({ type: Number, description: 'rows under the same key whose contents differ' }) changed!: number;
  @ApiProperty({ type: Number }) onlyLive!: number;
  @ApiProperty({ type: Number }) onlyRebuilt!: number;
  @ApiProperty({
    type: DifferenceSampleResponse,
    isArray: true,
    description: 'the first few differing keys, in key order',
  })
  sampleKeys!: DifferenceSampleResponse[];
}

export class FailedEventResponse {
  @ApiProperty({ type: Number }) position!: number;
  @ApiProperty({ type: String }) eventId!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiProperty({ type: String }) error!: string;
}

export class ComparedAtResponse {
  @ApiProperty({ type: Number }) live!: number;
  @ApiProperty({ type: Number }) rebuilt!: number;
}

export class RebuildReportResponse {
  @ApiProperty({ type: String }) projection!: string;
  @ApiProperty({ type: Number }) events!: number;
  @ApiProperty({ type: Number }) milliseconds!: number;
  @ApiProperty({ type: Number }) eventsPerSecond!: number;
  @ApiProperty({ type: Number, description: 'the checkpoint the rebuilt tables took over' }) position!: number;
  @ApiProperty({ type: Boolean, description: 'every table of the rebuilt model equals the model it replaced' })
  identical!: boolean;
  @ApiProperty({ type: ComparedAtResponse }) comparedAt!: ComparedAtResponse;
  @ApiProperty({ type: TableDifferenceResponse, isArray: true }) differences!: TableDifferenceResponse[];
  @ApiProperty({
    type: FailedEventResponse,
    isArray: true,
    description: 'events the projection could not apply (parked)',
  })
  failed!: FailedEventResponse[];
}

@ApiSchema({ name: 'Rebuild' })
export class RebuildResponse {
  @ApiProperty({ type: String, format: 'uuid' }) rebuildId!: string;
  @ApiProperty({ type: String }) projection!: string;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status!: 'running' | 'succeeded' | 'failed';
  @ApiProperty({ type: String, description: 'ISO 8601' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 8601' }) finishedAt!: string | null;
  @ApiProperty({ type: RebuildProgressResponse }) progress!: RebuildProgressResponse;
  @ApiProperty({ type: RebuildReportResponse, nullable: true }) result!: RebuildReportResponse | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class RebuildsResponse {
  @ApiProperty({ type: RebuildResponse, isArray: true }) items!: RebuildResponse[];
}
