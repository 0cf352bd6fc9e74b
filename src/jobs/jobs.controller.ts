import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/auth/auth.decorators';
import { JobRunner, JobRunOutcome, JobView } from './job-runner';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/jobs')
export class JobsController {
  constructor(private readonly runner: JobRunner) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: 'Every scheduled job: schedule, whether it is running, its last run in this process' })
  list(): { items: JobView[] } {
    return { items: this.runner.list() };
  }

  /** Runs a job now, as its next tick would; its commands are idempotent, so this is always safe. */
  @Post(':name/run')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The outcome of the run: succeeded (with counts), failed (with the error) or skipped' })
  run(@Param('name') name: string): Promise<JobRunOutcome> {
    if (!this.runner.list().some((j) => j.name === name)) throw new NotFoundException(`no job named ${name}`);
    return this.runner.trigger(name);
  }
}
