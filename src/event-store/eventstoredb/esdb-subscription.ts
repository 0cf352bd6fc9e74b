import { Logger } from '@nestjs/common';
import { AllStreamSubscription, END, EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import { AppendedHint } from '../event-store.port';
import { toPortPosition } from './esdb-mapping';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 15_000;

/** The wait before the n-th attempt to subscribe again (n ≥ 1): doubling, capped. */
export function resubscribeDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

/**
 * A live subscription to the app's own events in `$all` (server-filtered by stream prefix),
 * used only to wake readers early: readers still poll. Dropped (server down, restarted), it
 * subscribes again with back-off and wakes the readers without a hint, since events may have
 * been appended meanwhile.
 */
export class AppendedEvents {
  private readonly logger = new Logger('EventStoreDbSubscription');
  private subscription: AllStreamSubscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private active = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly streamPrefix: string,
    private readonly wake: (hint?: AppendedHint) => void,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    this.subscribe();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.retry);
    this.retry = undefined;
    const sub = this.subscription;
    this.subscription = undefined;
    sub?.unsubscribe().catch((err: unknown) => this.logger.warn(`unsubscribing from $all failed: ${String(err)}`));
  }

  private subscribe(): void {
    if (!this.active || this.subscription) return;
    const sub = this.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [this.streamPrefix] }),
    });
    this.subscription = sub;
    sub.on('confirmation', () => {
      if (this.failures > 0) this.logger.log('$all subscription restored');
      this.failures = 0;
      // Appends made before the subscription took effect were not delivered to it.
      this.wake();
    });
    sub.on('data', ({ event }) => {
      if (!event) return;
      try {
        this.wake({ [event.type]: toPortPosition(event.position, event.id) });
      } catch {
        this.wake();
      }
    });
    const dropped = (err?: Error): void => {
      if (this.subscription !== sub) return; // stopped on purpose
      this.subscription = undefined;
      this.failures++;
      const delay = resubscribeDelay(this.failures);
      this.logger.warn(`$all subscription dropped${err ? `: ${err.message}` : ''}; subscribing again in ${delay} ms`);
      this.wake();
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.subscribe(), delay);
      this.retry.unref();
    };
    sub.on('error', dropped);
    sub.on('end', () => dropped());
  }
}
