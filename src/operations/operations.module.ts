import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { WorkflowsController } from '../workflows/workflows.controller';
import { AdminProjectionsController } from './admin-projections.controller';
import { HealthService } from './health.service';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { OperationsController } from './operations.controller';
import { ProblemFilter } from './problem.filter';

@Module({
  controllers: [OperationsController, AdminProjectionsController, WorkflowsController],
  providers: [
    HealthService,
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
  ],
})
export class OperationsModule {}
