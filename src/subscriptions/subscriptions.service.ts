import { MikroORM } from '@mikro-orm/postgresql';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { CommandExecutor } from '../cqrs/command-executor';
import { PG_POOL } from '../database/pg-pool.token';
import { Pool } from 'pg';
import { Clock } from '../shared/clock';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Metrics } from '../operations/metrics';
import { conflict, notFound } from '../shared/domain-error';
import { Checkpoints, ParkedEvent } from './checkpoint.store';
import { ProjectionHandler, ReactorHandler } from './checkpointed-handlers';
import { RebuildJobs, RebuildJobView } from './rebuild-jobs';
import { RebuildProgress, RebuildReport, ShadowRebuild } from './shadow-rebuild';
import { Foreground } from './foreground';
import { SharedLogReads } from './shared-log-reads';
import { SubscriptionLocks } from './subscription-locks';
import { RunnerOptions, SubscriptionRunner, SubscriptionStatus } from './subscription-runner';
import { EventReactor, Projection, PROJECTION_PROVIDER, REACTOR_PROVIDER } from './subscription.types';
import { SUBSCRIPTIONS_OPTIONS, SubscriptionsOptions } from './subscriptions.options';

export type { RebuildReport } from './shadow-rebuild';

/**
 * Finds every projection and saga in the app and runs each on its own checkpointed
 * subscription of the stored log. Stored events reach handlers only through here.
 */
@Injectable()
export class SubscriptionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SubscriptionsService.name);
  private readonly runners = new Map<string, SubscriptionRunner>();
  private readonly rebuilds = new RebuildJobs();
  private readonly stopping = new AbortController();
  private locks?: SubscriptionLocks;
  private takeover?: NodeJS.Timeout;
  private electing?: Promise<void>;
  private shuttingDown = false;
  /** one read of the log for the subscriptions caught up that one append wakes together */
  private readonly sharedReads: SharedLogReads;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly orm: MikroORM,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUBSCRIPTIONS_OPTIONS) private readonly options: SubscriptionsOptions,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Optional() private readonly executor?: CommandExecutor,
    @Optional() private readonly foreground?: Foreground,
  ) {
    this.sharedReads = new SharedLogReads(store);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      if (this.reflector.get(PROJECTION_PROVIDER, metatype)) {
        this.add(new ProjectionHandler(instance as Projection, this.orm, this.options.faults), this.options.projection);
      } else if (this.reflector.get(REACTOR_PROVIDER, metatype)) {
        // A run's next event, stored by its own step in this process, is taken at once (SagaScheduler.offer()).
        const executor = this.executor;
        this.add(new ReactorHandler(instance as EventReactor, this.orm, this.foreground), {
          ...this.options.saga,
          ...(executor ? { storedHere: (listener) => executor.onStored(listener) } : {}),
        });
      }
    }
    if (!this.options.enabled) return;
    if (!this.options.lockConnectionString) {
      for (const runner of this.runners.values()) runner.setStandby(!this.runsHere(runner));
      const ours = this.ours();
      await Promise.all(ours.map((r) => r.start()));
      this.logger.log(`running ${ours.length} subscriptions: ${ours.map((r) => r.name).join(', ')}`);
      return;
    }
    this.locks = new SubscriptionLocks(this.options.lockConnectionString, () => void this.standDown());
    for (const runner of this.runners.values()) runner.setStandby(true);
    if (this.options.followOnly) {
      this.logger.log('following subscriptions run by other instances (SUBSCRIPTIONS_MODE=follow)');
      return;
    }
    await this.elect();
    const interval = this.options.takeoverIntervalMs ?? 1000;
    this.takeover = setInterval(() => void this.elect().catch(() => undefined), interval);
    this.takeover.unref();
  }

  /** Before anything closes (MikroORM closes in its onApplicationShutdown): a runner must not outlive its database. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.shuttingDown = true;
    if (this.takeover) clearInterval(this.takeover);
    await this.electing?.catch(() => undefined);
    await this.rebuilds.waitAll();
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await this.locks?.close();
  }

  /** The instance running each subscription is the one holding its lock; standbys try to take free ones. */
  private elect(): Promise<void> {
    if (this.electing || this.shuttingDown || !this.locks) return this.electing ?? Promise.resolve();
    const locks = this.locks;
    this.electing = (async () => {
      try {
        const won = await locks.tryAcquire(this.ours().map((r) => r.name));
        if (!this.shuttingDown) await Promise.all(won.map((name) => this.runners.get(name)!.start()));
        if (won.length) this.logger.log(`instance ${locks.instance} now runs: ${won.join(', ')}`);
      } catch (err) {
        this.logger.warn(`could not take subscription locks: ${(err as Error).message}`);
      } finally {
        this.electing = undefined;
      }
    })();
    return this.electing;
  }

  /** The lock connection is gone, and the locks with it: stop running, follow as a standby. */
  private async standDown(): Promise<void> {
    await Promise.all(
      [...this.runners.values()].map(async (r) => {
        await r.stop();
        r.setStandby(true);
      }),
    );
  }

  /** Whether this instance takes its turn running the subscription (SUBSCRIPTIONS_MODE). */
  private runsHere(runner: SubscriptionRunner): boolean {
    return !this.options.runsOnly || runner.handler.kind === this.options.runsOnly;
  }

  private ours(): SubscriptionRunner[] {
    return [...this.runners.values()].filter((r) => this.runsHere(r));
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  /** Waits until the named subscription has handled every event of its types committed so far. */
  async waitUntilCaughtUp(name: string, timeoutMs = 5000): Promise<boolean> {
    const runner = this.runner(name);
    const head = await this.store.headPosition(runner.handler.eventTypes);
    return head <= runner.position || runner.waitFor(head, timeoutMs);
  }

  /** Waits until the named subscription has handled the event at `position`. */
  waitFor(name: string, position: number, timeoutMs = 5000): Promise<boolean> {
    return this.runner(name).waitFor(position, timeoutMs);
  }

  /**
   * Waits until the system is quiet: one full pass over every subscription finds nothing left
   * to handle (sagas append events that other subscriptions then handle, so one pass is not enough).
   */
  async waitForAll(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let quiet = true;
      for (const runner of this.runners.values()) {
        const head = await this.store.headPosition(runner.handler.eventTypes);
        if (head <= runner.position) continue;
        quiet = false;
        if (!(await runner.waitFor(head, Math.max(0, deadline - Date.now())))) return false;
      }
      if (quiet) return true;
      if (Date.now() >= deadline) return false;
    }
  }

  async statuses(): Promise<SubscriptionStatus[]> {
    const statuses = await Promise.all([...this.runners.values()].map((r) => r.status()));
    if (!this.locks) {
      return statuses.map((s) => ({ ...s, activeIn: this.options.enabled ? 'this instance' : null }));
    }
    const holders = await this.locks.holders(statuses.map((s) => s.name));
    return statuses.map((s) => ({ ...s, activeIn: holders.get(s.name) ?? null }));
  }

  /** This process's name in `activeIn`. */
  get instance(): string | null {
    return this.locks?.instance ?? null;
  }

  parked(name?: string): Promise<ParkedEvent[]> {
    if (name) this.runner(name);
    return Checkpoints.parked(this.orm.em.fork(), name);
  }

  /**
   * Replays the whole log into fresh copies of the projection's tables while the live ones keep
   * serving, swaps them in, and reports how the rebuilt model differs from the one it replaced
   * (see ShadowRebuild). Waits for the end: the CLI's and benchmarks' way in.
   */
  async rebuild(
    name: string,
    onProgress?: (p: RebuildProgress) => void | Promise<void>,
    batchSize = 5000,
  ): Promise<RebuildReport> {
    const rebuild = await this.prepareRebuild(name, batchSize);
    await rebuild.acquire();
    try {
      return await rebuild.run(onProgress, this.stopping.signal);
    } finally {
      await rebuild.release();
    }
  }

  /** Starts a rebuild in the background (the API's way in): 409 when one of this projection runs already. */
  async startRebuild(name: string): Promise<RebuildJobView> {
    const rebuild = await this.prepareRebuild(name);
    await rebuild.acquire();
    const now = () => this.clock.now().toISOString();
    return this.rebuilds.start(
      name,
      now(),
      async (onProgress) => {
        try {
          return await rebuild.run(onProgress, this.stopping.signal);
        } finally {
          await rebuild.release();
        }
      },
      now,
    );
  }

  rebuildJob(id: string): RebuildJobView {
    const job = this.rebuilds.get(id);
    if (!job) throw notFound('REBUILD_NOT_FOUND', `no rebuild ${id} in this process`);
    return job;
  }

  rebuildJobs(): RebuildJobView[] {
    return this.rebuilds.list();
  }

  /** Resolves when the rebuild has finished (tests, `?wait=true`). */
  async waitForRebuild(id: string): Promise<RebuildJobView> {
    await this.rebuilds.wait(id);
    return this.rebuildJob(id);
  }

  /** A rebuild runs in the instance running the projection (its swap catches the live model up). */
  private async prepareRebuild(name: string, batchSize = 5000): Promise<ShadowRebuild> {
    const handler = this.runner(name).handler;
    if (!(handler instanceof ProjectionHandler)) throw notFound('PROJECTION_NOT_FOUND', `${name} is not a projection`);
    if (this.locks && !this.locks.holds(name)) {
      const [holder] = [...(await this.locks.holders([name])).values()];
      throw conflict('REBUILD_ELSEWHERE', `${name} runs in instance ${holder ?? '(none yet)'}; rebuild it there`);
    }
    return new ShadowRebuild(handler.projection, this.orm, this.store, this.pool, batchSize);
  }

  private add(handler: ProjectionHandler | ReactorHandler, options: RunnerOptions): void {
    if (this.runners.has(handler.name)) throw new Error(`two subscriptions named ${handler.name}`);
    this.runners.set(
      handler.name,
      new SubscriptionRunner(handler, this.store, options, this.metrics, this.sharedReads),
    );
  }

  private runner(name: string): SubscriptionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw notFound('SUBSCRIPTION_NOT_FOUND', `no projection or saga named ${name}`);
    return runner;
  }
}
