import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Header, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Public } from '../identity/auth/auth.decorators';
import { Metrics } from './metrics';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

@ApiTags('operations')
@Controller()
export class OperationsController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly em: EntityManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ description: 'Ready: the database and the event store answer' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body says which part is down' })
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
  @ApiOkResponse({ description: '{status: "ok"}: the process serves HTTP (does not check the database; see GET /health)' })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async prometheus(@Res() res: Response): Promise<void> {
    await this.subscriptions.statuses().catch(() => undefined); // refreshes the lag gauges
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
