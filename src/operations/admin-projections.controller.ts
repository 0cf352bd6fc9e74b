import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../identity/auth/auth.decorators';
import { invalid } from '../shared/domain-error';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/projections')
export class AdminProjectionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({
    description:
      'Every projection and saga: checkpoint, status, lag, parked events, last error, and activeIn: the instance running it (`instance` is the one answering)',
  })
  async list() {
    return { instance: this.subscriptions.instance, items: await this.subscriptions.statuses() };
  }

  @Get('parked')
  @Roles('admin')
  @ApiOkResponse({ description: 'Events a projection or saga gave up on, with the error' })
  async parked(@Query('name') name?: string) {
    return { items: await this.subscriptions.parked(name) };
  }

  @Get('rebuilds')
  @Roles('admin')
  @ApiOkResponse({ description: 'Rebuilds started through this instance, newest first: progress, then the report' })
  rebuilds() {
    return { items: this.subscriptions.rebuildJobs() };
  }

  @Get('rebuilds/:id')
  @Roles('admin')
  @ApiOkResponse({ description: 'One rebuild: status (running, succeeded, failed), progress with events/s and ETA, the report with the differences found' })
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
  @ApiAcceptedResponse({ description: 'Started: {rebuildId, status: running, progress}; Location: the status resource' })
  @ApiOkResponse({ description: 'With wait=true: the finished rebuild and its report' })
  async rebuild(@Param('name') name: string, @Res({ passthrough: true }) res: Response, @Query('wait') wait?: string) {
    if (wait !== undefined && wait !== 'true' && wait !== 'false') throw invalid('INVALID_QUERY', 'wait must be true or false');
    const job = await this.subscriptions.startRebuild(name);
    res.setHeader('Location', `/api/v1/admin/projections/rebuilds/${job.rebuildId}`);
    if (wait !== 'true') return job;
    res.status(200);
    return this.subscriptions.waitForRebuild(job.rebuildId);
  }
}
