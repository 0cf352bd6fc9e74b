import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WorkflowNodeResponse {
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, description: 'the command this node issues' }) command!: string;
  @ApiProperty({ type: String, isArray: true, description: 'events that trigger it' }) on!: string[];
  @ApiProperty({ type: String, isArray: true, description: 'events its command can produce' }) emits!: string[];
  @ApiPropertyOptional({
    enum: ['saga', 'request'],
    description: 'request: runs inside the HTTP command that starts the workflow; default saga',
  })
  runs?: 'saga' | 'request';
  @ApiPropertyOptional({
    type: Boolean,
    description: 'its command asks the notification outbox for an email (keyed: sent once), which is no event',
  })
  sendsEmail?: boolean;
  @ApiPropertyOptional({ type: String }) description?: string;
}

export class WorkflowEdgeResponse {
  @ApiProperty({ type: String, description: 'a node, or `start`' }) from!: string;
  @ApiProperty({ type: String }) to!: string;
  @ApiProperty({ type: String, description: 'the event that leads from one to the other' }) on!: string;
}

export class WorkflowRouteResponse {
  @ApiProperty({ type: String }) on!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the next node, or null when this outcome ends the workflow',
  })
  to!: string | null;
  @ApiPropertyOptional({ type: String }) label?: string;
}

export class WorkflowRouterResponse {
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, description: 'the node whose outcome it routes' }) after!: string;
  @ApiProperty({ type: WorkflowRouteResponse, isArray: true }) routes!: WorkflowRouteResponse[];
}

export class WorkflowResponse {
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String, isArray: true, description: 'events stored outside the workflow that start it' })
  startsWith!: string[];
  @ApiProperty({
    type: String,
    isArray: true,
    description:
      'outcomes that exist only inside the request that starts the workflow, never stored; ' +
      'every other name is a stored event type',
  })
  requestOutcomes!: string[];
  @ApiProperty({ type: WorkflowNodeResponse, isArray: true }) nodes!: WorkflowNodeResponse[];
  @ApiProperty({ type: WorkflowEdgeResponse, isArray: true }) edges!: WorkflowEdgeResponse[];
  @ApiProperty({ type: WorkflowRouterResponse, isArray: true }) routers!: WorkflowRouterResponse[];
}

export class WorkflowsResponse {
  @ApiProperty({ type: WorkflowResponse, isArray: true }) workflows!: WorkflowResponse[];
}
