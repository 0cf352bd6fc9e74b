import { ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';

@ApiSchema({ name: 'JobSucceeded' })
export class JobSucceededResponse {
  @ApiProperty({ enum: ['succeeded'] }) outcome!: 'succeeded';
  @ApiProperty({ type: String, description: 'ISO 8601' }) startedAt!: string;
  @ApiProperty({ type: Number }) durationMs!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'counts of what the run did',
    example: { reminded: 3 },
  })
  summary!: Record<string, number>;
}

@ApiSchema({ name: 'JobFailed' })
export class JobFailedResponse {
  @ApiProperty({ enum: ['failed'] }) outcome!: 'failed';
  @ApiProperty({ type: String, description: 'ISO 8601' }) startedAt!: string;
  @ApiProperty({ type: Number }) durationMs!: number;
  @ApiProperty({ type: String }) error!: string;
}

@ApiSchema({ name: 'JobSkipped' })
export class JobSkippedResponse {
  @ApiProperty({ enum: ['skipped'] }) outcome!: 'skipped';
  @ApiProperty({ type: String, description: 'ISO 8601' }) startedAt!: string;
  @ApiProperty({ type: String, description: 'why (it was running already, here or in another instance)' })
  reason!: string;
}

export const JOB_OUTCOMES = [JobSucceededResponse, JobFailedResponse, JobSkippedResponse];
/** The outcome of a run: succeeded (with counts), failed (with the error) or skipped. */
export const JOB_OUTCOME_SCHEMA = {
  oneOf: JOB_OUTCOMES.map((m) => ({ $ref: getSchemaPath(m) })),
  discriminator: { propertyName: 'outcome' },
};

export class JobResponse {
  @ApiProperty({ type: String, example: 'lesson-reminders' }) name!: string;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String, description: 'a cron expression or an interval' }) schedule!: string;
  @ApiProperty({ type: Boolean }) running!: boolean;
  @ApiProperty({ ...JOB_OUTCOME_SCHEMA, nullable: true, description: 'its last run in this process' })
  lastRun!: unknown;
}

export class JobsResponse {
  @ApiProperty({ type: JobResponse, isArray: true }) items!: JobResponse[];
}
