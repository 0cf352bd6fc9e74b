import { EntityManager } from '@mikro-orm/postgresql';
import {
  Controller,
  Get,
  Header,
  Inject,
  Logger,
  NotFoundException,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../shared/http/openapi';
import { HealthResponse, LiveResponse } from './operations.response';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Public } from '../identity/auth/auth.decorators';
import { Metrics } from './metrics';
import { bearerMatches, scrape } from './metrics-server';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

@ApiTags('operations')
@Controller()
export class OperationsController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly em: EntityManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
  async health(@Res({ passthrough: true }) res: Response) {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        return 'up';
      } catch (err) {
        this.logger.warn(`health check failed: ${(err as Error).message}`);
        return 'down';
      }
    };
    const [database, eventStore] = await Promise.all([
      check(() => this.em.fork().execute('SELECT 1')),
      check(() => this.store.ping()),
    ]);
    const ok = database === 'up' && eventStore === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', database, eventStore, eventStoreAdapter: this.store.name };
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
