import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig } from './config/config';
import { CommandContextFactory } from './cqrs/command-context.factory';
import { CommandExecutor } from './cqrs/command-executor';
import { EVENT_STORE, EventStore } from './event-store/event-store.port';
import { EventStoreDbEventStore } from './event-store/eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './event-store/postgres/postgres-event-store';
import { UPCASTERS } from './upcasters';
import { Upcasters } from './event-store/upcasting';
import { Metrics } from './operations/metrics';
import { EncryptingEventStore } from './privacy/encrypting-event-store';
import { FamilyKeys } from './privacy/family-keys';
import { resolveMasterKey } from './privacy/master-key';
import { PrivateStreamIds } from './privacy/private-stream-ids';
import { Clock, SystemClock } from './shared/clock';
import { Foreground } from './subscriptions/foreground';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import {
  DEFAULT_SUBSCRIPTIONS_OPTIONS,
  SubscriptionsOptions,
  SUBSCRIPTIONS_OPTIONS,
} from './subscriptions/subscriptions.options';
import { WorkflowRegistry } from './workflows/workflows.controller';

export interface AppOptions {
  config: AppConfig;
  /** the PostgreSQL database of read models (and of events, unless EventStoreDB is configured) */
  databaseUrl: string;
  clock?: Clock;
  subscriptions?: Partial<SubscriptionsOptions>;
}

import { PG_POOL } from './database/pg-pool.token';

export { PG_POOL };

function createEventStore(options: AppOptions, pool: Pool): EventStore {
  const upcasters = new Upcasters(UPCASTERS);
  if (options.config.eventStoreConnectionString) {
    return new EventStoreDbEventStore(options.config.eventStoreConnectionString, upcasters);
  }
  return new PostgresEventStore(pool, upcasters, { connectionString: options.databaseUrl });
}

/** Families' personal data is encrypted before whichever adapter stores it, and decrypted on read. */
function createEncryptingEventStore(
  options: AppOptions,
  pool: Pool,
  keys: FamilyKeys,
  ids: PrivateStreamIds,
): EventStore {
  const inner = createEventStore(options, pool);
  // The PostgreSQL store writes the subjects' ties in their events' transactions.
  return new EncryptingEventStore(inner, keys, pool, ids, inner instanceof PostgresEventStore ? inner : undefined);
}

/** Closes the event store after everything that uses it has stopped. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(options: AppOptions): DynamicModule {
    const subscriptions: SubscriptionsOptions = {
      ...DEFAULT_SUBSCRIPTIONS_OPTIONS,
      lockConnectionString: options.databaseUrl,
      followOnly: options.config.subscriptionsMode === 'follow',
      runsOnly:
        options.config.subscriptionsMode === 'projections'
          ? 'projection'
          : options.config.subscriptionsMode === 'sagas'
            ? 'saga'
            : undefined,
      ...options.subscriptions,
    };
    return {
      module: CoreModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: SUBSCRIPTIONS_OPTIONS, useValue: subscriptions },
        {
          provide: PG_POOL,
          useFactory: () => {
            const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
            // An idle connection dropped by the server must not take the process down.
            pool.on('error', (err) => new Logger('EventStorePool').warn(`idle connection lost: ${err.message}`));
            return pool;
          },
        },
        {
          provide: FamilyKeys,
          useFactory: (pool: Pool) => new FamilyKeys(pool, resolveMasterKey(options.config)),
          inject: [PG_POOL],
        },
        {
          provide: PrivateStreamIds,
          useFactory: () => PrivateStreamIds.fromMasterKey(resolveMasterKey(options.config)),
        },
        {
          provide: EVENT_STORE,
          useFactory: (pool: Pool, keys: FamilyKeys, ids: PrivateStreamIds) =>
            createEncryptingEventStore(options, pool, keys, ids),
          inject: [PG_POOL, FamilyKeys, PrivateStreamIds],
        },
        EventStoreLifecycle,
        Metrics,
        CommandExecutor,
        CommandContextFactory,
        Foreground,
        SubscriptionsService,
        WorkflowRegistry,
      ],
      exports: [
        APP_CONFIG,
        Clock,
        PG_POOL,
        EVENT_STORE,
        Metrics,
        CommandExecutor,
        CommandContextFactory,
        Foreground,
        SubscriptionsService,
        WorkflowRegistry,
        FamilyKeys,
        PrivateStreamIds,
      ],
    };
  }
}
