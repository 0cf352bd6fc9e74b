import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import {
  ParkedEventsResponse,
  RebuildResponse,
  RebuildsResponse,
  SubscriptionStatusesResponse,
} from './operations.response';
import type { Response } from 'express';
import { Roles } from '../identity/auth/auth.decorators';
import { invalid } from '../shared/domain-error';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/admin/projections')
export class AdminProjectionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listProjections', summary: 'Every projection and saga, and where it stands' })
  @ApiOkResponse({
    description:
      'Every projection and saga: checkpoint, status, lag, parked events, last error, and activeIn: the instance ' +
      'running it (`instance` is the one answering)',
    type: SubscriptionStatusesResponse,
  })
  @ApiProblems(401, 403)
  async list() {
    return { instance: this.subscriptions.instance, items: await this.subscriptions.statuses() };
  }

  @Get('parked')
  @Roles('admin')
  @ApiOperation({ operationId: 'listParkedEvents', summary: 'Events a projection or saga gave up on' })
  @ApiOkResponse({ description: 'Events a projection or saga gave up on, with the error', type: ParkedEventsResponse })
  @ApiProblems(401, 403, [404, 'no projection or saga of this name'])
  async parked(@Query('name') name?: string) {
    return { items: await this.subscriptions.parked(name) };
  }

  @Get('rebuilds')
  @Roles('admin')
  @ApiOperation({ operationId: 'listRebuilds', summary: 'Rebuilds started through this instance' })
  @ApiOkResponse({
    description: 'Rebuilds started through this instance, newest first: progress, then the report',
    type: RebuildsResponse,
  })
  @ApiProblems(401, 403)
  rebuilds() {
    return { items: this.subscriptions.rebuildJobs() };
  }

  @Get('rebuilds/:id')
  @Roles('admin')
  @ApiOperation({ operationId: 'getRebuild', summary: 'One rebuild' })
  @ApiOkResponse({
    description:
      'One rebuild: status (running, succeeded, failed), progress with events/s and ETA, the report with the ' +
      'differences found',
    type: RebuildResponse,
  })
  @ApiProblems(400, 401, 403, [404, 'no such rebuild in this instance'])
  rebuildStatus(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.subscriptions.rebuildJob(id);
  }

  /**
   * Starts a rebuild into fresh tables while the live ones keep serving; 202 with the rebuild's
   * id and where to follow it. `?wait=true` answers 200 with the finished rebuild instead.
   */
  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiQuery({ name: 'wait', required: false, enum: ['true', 'false'] })
  @ApiOperation({ operationId: 'rebuildProjection', summary: 'Rebuild a projection into fresh tables' })
  @ApiAcceptedResponse({
    description: 'Started (status running); Location: the status resource',
    type: RebuildResponse,
    headers: { Location: { description: "the rebuild's status resource", schema: { type: 'string' } } },
  })
  @ApiOkResponse({ description: 'With wait=true: the finished rebuild and its report', type: RebuildResponse })
  @ApiProblems(
    [400, 'wait is neither true nor false'],
    401,
    403,
    [404, 'no projection of this name'],
    [409, 'it is being rebuilt already, or it runs in another instance (rebuild it there)'],
  )
  async rebuild(@Param('name') name: string, @Res({ passthrough: true }) res: Response, @Query('wait') wait?: string) {
    if (wait !== undefined && wait !== 'true' && wait !== 'false')
      throw invalid('INVALID_QUERY', 'wait must be true or false');
    const job = await this.subscriptions.startRebuild(name);
    res.setHeader('Location', `/api/v1/admin/projections/rebuilds/${job.rebuildId}`);
    if (wait !== 'true') return job;
    res.status(200);
    return this.subscriptions.waitForRebuild(job.rebuildId);
  }
}
