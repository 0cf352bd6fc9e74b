import { Controller, Get, Header, Inject, NotFoundException, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import { HealthResponse, LiveResponse } from './operations.response';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Public } from '../identity/auth/auth.decorators';
import { HealthService } from './health.service';
import { Metrics } from './metrics';
import { bearerMatches, scrape } from './metrics-server';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: Metrics,
    private readonly subscriptions: SubscriptionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ operationId: 'getHealth', summary: 'Readiness: the database and the event store answer' })
  @ApiOkResponse({ description: 'Ready: the database and the event store answer', type: HealthResponse })
  @ApiResponse({
    status: 503,
    description: 'Not ready; the body says which part is down (not a Problem: the same body as when ready)',
    type: HealthResponse,
  })
  async readiness(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.health.readiness();
    res.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }

  /** Alive: the process answers HTTP. Touches nothing else (the floor of the API benchmarks). */
  @Public()
  @Get('health/live')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process serves HTTP' })
  @ApiOkResponse({
    description: 'the process serves HTTP (does not check the database; see GET /health)',
    type: LiveResponse,
  })
  live() {
    return { status: 'ok' };
  }

  /**
   * Prometheus metrics, for the operator only: with `Authorization: Bearer <METRICS_TOKEN>`.
   * Without METRICS_TOKEN the public port has no metrics (404; see METRICS_PORT).
   */
  @Public()
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics, for the operator' })
  @ApiOkResponse({
    description: 'Prometheus text format, with `Authorization: Bearer <METRICS_TOKEN>`',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems(
    [401, 'METRICS_TOKEN is set and the request does not carry it (a sign-in token does not do)'],
    [404, 'METRICS_TOKEN is not set: metrics are served on METRICS_PORT only, if at all'],
  )
  async prometheus(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) throw new NotFoundException('Cannot GET /metrics');
    if (!bearerMatches(req.headers.authorization, token))
      throw new UnauthorizedException('the metrics token is required');
    const { contentType, body } = await scrape(this.metrics, this.subscriptions);
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
