import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

export interface Readiness {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  eventStore: 'up' | 'down';
  eventStoreAdapter: string;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

/** Readiness (GET /health): the database and the event store each answer within 2 s. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly em: EntityManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async readiness(): Promise<Readiness> {
    const check = async (fn: () => Promise<unknown>): Promise<'up' | 'down'> => {
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
    return { status: ok ? 'ok' : 'unavailable', database, eventStore, eventStoreAdapter: this.store.name };
  }
}
