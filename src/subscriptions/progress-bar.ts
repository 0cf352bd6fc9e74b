import { RebuildProgress } from './shadow-rebuild';

/** A one-line progress bar (events, events/s, ETA) on a terminal stream, redrawn at most 10 times a second. */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream,
    private readonly width = 30,
  ) {}

  update(p: RebuildProgress, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    this.stream.write(`\r${ProgressBar.line(this.label, p, this.width)}\u001b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\n');
  }

  static line(label: string, p: RebuildProgress, width = 30): string {
    const n = (x: number) => x.toLocaleString('en-CA');
    const rate = `${n(p.eventsPerSecond)} events/s`;
    if (p.total === null || p.total === 0) return `${label} ${n(p.events)} events  ${rate}`;
    const fraction = Math.min(1, p.events / p.total);
    const filled = Math.round(fraction * width);
    const eta = p.eventsPerSecond > 0 ? Math.max(0, Math.round((p.total - p.events) / p.eventsPerSecond)) : null;
    const etaText =
      eta === null ? '--' : eta >= 60 ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s` : `${eta}s`;
    return (
      `${label} ` +
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
      `${n(p.events)}/${n(p.total)} events  ${rate}  ETA ${etaText}`
    );
  }
}
