import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A unit of work (EventStore.inOneCommit): what the event store holds back of it and what the
 * layers above keep of it, under one async context. One context for all of them, because each
 * AsyncLocalStorage in use costs every promise of the process a little.
 */
export class UnitOfWork {
  /** false once its work is done: an append after that is an append of its own */
  open = true;
  /** the store that makes its appends at the end (the first store asked to, see inOneCommit) */
  committer?: object;
  private readonly parts = new Map<object, unknown>();

  /** What `owner` keeps of this unit, made on first use. */
  part<T>(owner: object, make: () => T): T {
    let part = this.parts.get(owner) as T | undefined;
    if (part === undefined) {
      part = make();
      this.parts.set(owner, part);
    }
    return part;
  }
}

const units = new AsyncLocalStorage<UnitOfWork>();

/** The unit of work open in this async context, if any. */
export function openUnit(): UnitOfWork | undefined {
  const unit = units.getStore();
  return unit?.open ? unit : undefined;
}

/** Runs `work` inside `unit`. */
export function runInUnit<T>(unit: UnitOfWork, work: () => Promise<T>): Promise<T> {
  return units.run(unit, work);
}
