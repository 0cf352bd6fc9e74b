import { AppendedHint } from '../event-store/event-store.port';

/**
 * When a subscription's read loop reads again: woken by appends of its types (in process, or by
 * NOTIFY from other processes), or after an idle pause. A wake-up for an event a read has already
 * brought is no reason to read: every event of the types up to `readThrough` has been read
 * (positions below what a read returned are final), so an append told of later at or below it
 * was in that read: this process's NOTIFY heard back, or a second telling of one append.
 */
export class WakeUps {
  /** the highest position of our types an append told us of, and when it did */
  hinted = { position: 0, at: 0 };
  private wakeUp?: () => void;
  private pending = false;
  /**
   * The furthest position of our types the wake-ups since the loop last took them told of
   * (Infinity: one that told of nothing in particular): a wake-up only for what the read then in
   * flight brought is no reason to read again.
   */
  private wakeFor = 0;
  /** the furthest a read started from or returned */
  private readThrough = 0;

  constructor(
    private readonly types: ReadonlySet<string>,
    private readonly running: () => boolean,
  ) {}

  /** The loop starts again from a stored checkpoint: nothing is known to be read. */
  restart(): void {
    this.readThrough = 0;
  }

  /** A read brought every event of our types up to `through`. */
  read(through: number): void {
    if (through > this.readThrough) this.readThrough = through;
  }

  /** An append of none of our types is not ours to read; one of ours is, up to its position. */
  appended(hint?: AppendedHint): void {
    if (hint) {
      let ours = 0;
      for (const type in hint) if (this.types.has(type) && hint[type] > ours) ours = hint[type];
      if (ours <= this.readThrough) return;
      if (ours > this.hinted.position) this.hinted = { position: ours, at: Date.now() };
      this.wake(ours);
      return;
    }
    this.wake();
  }

  /** Wakes the loop to read: for an event of ours at `through`, or (without) for anything. */
  wake(through = Infinity): void {
    if (through > this.wakeFor) this.wakeFor = through;
    this.pending = true;
    this.wakeUp?.();
  }

  /** The loop takes the wake-ups so far: it reads now. */
  take(): void {
    this.pending = false;
    this.wakeFor = 0;
  }

  /** Waits for a wake-up or `ms`; true when woken (or stopped). */
  async idle(ms: number): Promise<boolean> {
    if (this.woken()) return true;
    // Told only of what a read has brought since: nothing to wake for.
    this.take();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const woken = () => this.woken();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        if (woken()) done();
      };
    });
    this.wakeUp = undefined;
    return this.woken();
  }

  /** A wake-up pending for something not read yet (or the runner stopped). */
  private woken(): boolean {
    return !this.running() || (this.pending && this.wakeFor > this.readThrough);
  }
}
