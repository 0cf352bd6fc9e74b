import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import { JOB_OUTCOME_SCHEMA, JOB_OUTCOMES, JobsResponse } from './jobs.response';
import { Roles } from '../identity/auth/auth.decorators';
import { JobRunner, JobRunOutcome, JobView } from './job-runner';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiExtraModels(...JOB_OUTCOMES)
@Controller('api/v1/admin/jobs')
export class JobsController {
  constructor(private readonly runner: JobRunner) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listJobs', summary: 'Every scheduled job' })
  @ApiOkResponse({
    description: 'Every scheduled job: schedule, whether it is running, its last run in this process',
    type: JobsResponse,
  })
  @ApiProblems(401, 403)
  list(): { items: JobView[] } {
    return { items: this.runner.list() };
  }

  /** Runs a job now, as its next tick would; its commands are idempotent, so this is always safe. */
  @Post(':name/run')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'runJob', summary: 'Run a scheduled job now' })
  @ApiOkResponse({
    description: 'The outcome of the run: succeeded (with counts), failed (with the error) or skipped',
    schema: JOB_OUTCOME_SCHEMA,
  })
  @ApiProblems(401, 403, [404, 'no job of this name'])
  run(@Param('name') name: string): Promise<JobRunOutcome> {
    if (!this.runner.list().some((j) => j.name === name)) throw new NotFoundException(`no job named ${name}`);
    return this.runner.trigger(name);
  }
}
