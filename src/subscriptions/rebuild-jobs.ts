import { randomUUID } from 'node:crypto';
import { RebuildProgress, RebuildReport } from './shadow-rebuild';

export interface RebuildJobView {
  rebuildId: string;
  projection: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  progress: RebuildProgress & { etaSeconds: number | null };
  result: RebuildReport | null;
  error: string | null;
}

interface Job {
  view: RebuildJobView;
  done: Promise<void>;
}

const KEEP_FINISHED = 50;

/** Rebuilds started through the API in this process: their progress while running, their report after. */
export class RebuildJobs {
  private readonly jobs = new Map<string, Job>();

  start(
    projection: string,
    startedAt: string,
    run: (onProgress: (p: RebuildProgress) => void) => Promise<RebuildReport>,
    now: () => string,
  ): RebuildJobView {
    const view: RebuildJobView = {
      rebuildId: randomUUID(),
      projection,
      status: 'running',
      startedAt,
      finishedAt: null,
      progress: { events: 0, total: null, eventsPerSecond: 0, etaSeconds: null },
      result: null,
      error: null,
    };
    const done = run((p) => {
      const left = p.total === null ? null : Math.max(0, p.total - p.events);
      view.progress = {
        ...p,
        etaSeconds: left === null || p.eventsPerSecond === 0 ? null : Math.round(left / p.eventsPerSecond),
      };
    }).then(
      (report) => {
        view.status = 'succeeded';
        view.result = report;
        view.progress = { ...view.progress, events: report.events, etaSeconds: 0 };
        view.finishedAt = now();
      },
      (err: unknown) => {
        view.status = 'failed';
        view.error = (err as Error)?.message ?? String(err);
        view.finishedAt = now();
      },
    );
    this.jobs.set(view.rebuildId, { view, done });
    this.prune();
    return { ...view };
  }

  get(id: string): RebuildJobView | undefined {
    const job = this.jobs.get(id);
    return job && { ...job.view };
  }

  list(): RebuildJobView[] {
    return [...this.jobs.values()].map((j) => ({ ...j.view })).reverse();
  }

  /** Resolves when the job has finished (either way). */
  async wait(id: string): Promise<void> {
    await this.jobs.get(id)?.done;
  }

  async waitAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.view.rebuildId);
  }
}
