/**
 * How long after its last request ended the process still counts as answering: under a closed
 * loop of clients, a request follows the last one's answer within a moment, and a saga taking
 * every run it may in that moment would flood the next requests with workflow steps.
 */
const QUIET_AFTER_MS = 100;
/**
 * How long a request counts at most: one whose answer never ends (a pipelined request left
 * behind when its connection closed, a handler that never answers) stops counting then, instead
 * of holding the sagas to their fewer runs until a restart.
 */
const LONGEST_COUNTED_MS = 60_000;

/**
 * Whether this process is answering HTTP requests (now, or within QUIET_AFTER_MS): a saga takes
 * fewer runs at once while it is (ReactorHandler), so that under more load than the machine can
 * finish, the requests and the read models come before the workflows' next steps, which catch
 * up once the requests stop.
 */
export class Foreground {
  private answering = 0;
  private lastEnded = -Infinity;

  constructor(
    private readonly quietAfterMs = QUIET_AFTER_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly longestCountedMs = LONGEST_COUNTED_MS,
  ) {}

  get busy(): boolean {
    return this.answering > 0 || this.now() - this.lastEnded < this.quietAfterMs;
  }

  /**
   * A request begins; the function returned says it ended (once, whatever calls it again). It
   * ends by itself after LONGEST_COUNTED_MS.
   */
  begin(): () => void {
    this.answering++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(limit);
      this.answering--;
      this.lastEnded = this.now();
    };
    const limit = setTimeout(end, this.longestCountedMs);
    limit.unref();
    return end;
  }
}
