import { AsyncLocalStorage } from 'node:async_hooks';
import { Actor } from '../event-store/event-store.port';
import { newId } from './ids';

/** What one request (or one handled event) carries down to the events it causes. */
export interface RequestContext {
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
export const PUBLIC_ACTOR: Actor = { id: 'public', role: 'public' };

export const RequestContexts = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** The current context, or a fresh system one (jobs, boot). */
  currentOrSystem(): RequestContext {
    return storage.getStore() ?? { correlationId: newId(), causationId: null, actor: SYSTEM_ACTOR };
  },
};
