import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { JobRunner, JOBS_OPTIONS, JobsOptions } from './job-runner';
import { JobsController } from './jobs.controller';

/**
 * Recurring jobs on @nestjs/schedule. A job lives in its own bounded context; to add one:
 *
 *   @JobProvider() @Injectable() export class BillingRunJob implements ScheduledJob { name = 'billing-run'; … }
 *
 * and list `BillingRunJob` in that context's module `providers` — the one line of registration.
 * Its schedule is JOB_BILLING_RUN_SCHEDULE (interval, cron or off; see job-schedule.ts),
 * else its `defaultSchedule`. `run(now)` gets the injected clock's time and should issue
 * commands whose ids come from `jobCommandContext(job, subject, now)`, so a repeated run records
 * nothing twice. Tests call `JobRunner.trigger(name)` or the job's `run` directly.
 */
@Module({})
export class JobsModule {
  static forRoot(options: Partial<JobsOptions> = {}): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule, ScheduleModule.forRoot()],
      controllers: [JobsController],
      providers: [{ provide: JOBS_OPTIONS, useValue: { enabled: true, ...options } }, JobRunner],
      exports: [JobRunner],
    };
  }
}
