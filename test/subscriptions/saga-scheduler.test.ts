import { RecordedEvent } from '../../src/event-store/event-store.port';
import { PipelinedHandler } from '../../src/subscriptions/runner.types';
import { SagaScheduler, SchedulerHooks } from '../../src/subscriptions/saga-scheduler';

/**
 * How a saga's events are handled as they are read: run by run, the runs started first first,
 * a slow or failing run holding back only itself, and the checkpoint never passing an event
 * not yet handled. In memory: each step "appends" its run's next event, which reaches the
 * scheduler a moment later, as through the log.
 */
let position = 0;
const event = (run: string, step: number): RecordedEvent => ({
  eventId: `${run}-${step}`,
  type: 'Step',
  data: { run, step },
  metadata: {
    correlationId: run,
    causationId: null,
    actor: { id: 'system', role: 'system' },
    occurredAt: '2026-12-05T00:00:00Z',
    schemaVersion: 1,
  },
  streamId: run,
  streamPosition: step,
  position: ++position,
  recordedAt: '2026-12-05T00:00:00Z',
});
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const until = async (done: () => boolean, ms = 3000) => {
  for (const deadline = Date.now() + ms; !done() && Date.now() < deadline;) await pause(2);
  return done();
};

function hooks(overrides: Partial<SchedulerHooks> = {}): SchedulerHooks {
  return {
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    sleep: pause,
    handled: () => undefined,
    failed: () => undefined,
    parked: () => undefined,
    parkFailed: () => undefined,
    progress: () => undefined,
    ...overrides,
  };
}

function workflow(
  steps: number,
  options: {
    concurrency: number;
    stepMs?: (run: string, step: number) => number;
    fails?: (run: string, step: number) => boolean;
    logMs?: number;
  },
) {
  const log: string[] = [];
  const parked: string[] = [];
  let scheduler: SagaScheduler;
  let inTransit = 0;
  const handler: PipelinedHandler = {
    concurrency: options.concurrency,
    partitionOf: (e) => e.metadata.correlationId,
    handle: async (e) => {
      const { run, step } = e.data as { run: string; step: number };
      await pause(options.stepMs?.(run, step) ?? 2);
      if (options.fails?.(run, step)) throw new Error(`step ${step} of ${run} fails`);
      log.push(`${run}:${step}`);
      // the step's event comes back through the log a moment later
      // The step's event comes back through the log; a read that brings everything appended so
      // far (nothing else on its way) tells the scheduler so, as the runner does.
      inTransit++;
      setTimeout(
        () => {
          inTransit--;
          if (step < steps) scheduler.add([event(run, step + 1)]);
          if (inTransit === 0) scheduler.readDone(performance.now());
        },
        step < steps ? (options.logMs ?? 1) : 1,
      );
    },
    moveCheckpoint: async () => undefined,
    recordParked: async (e) => {
      parked.push(e.eventId);
    },
  };
  return {
    log,
    parked,
    start(h: SchedulerHooks, runs: string[]) {
      scheduler = new SagaScheduler(handler, 0, h);
      scheduler.add(runs.map((r) => event(r, 1)));
      return scheduler;
    },
  };
}

it('under a burst, the runs started first finish first: a run keeps its slot for its next step', async () => {
  // the next event takes longer to come back through the log than a step takes
  const w = workflow(3, { concurrency: 2, logMs: 15 });
  const runs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  // a slot kept for as long as the next event may take on a busy machine (given back after a read that finds none)
  const s = w.start(hooks({ keepSlotMs: 60_000 }), runs);
  expect(await until(() => w.log.length === 24)).toBe(true);
  // two handled at once, at most four under way: the k-th run (from 0) begins only after k - 3 runs have ended
  runs.forEach((run, k) => {
    const begins = w.log.indexOf(`${run}:1`);
    const endedBefore = runs.filter((r) => w.log.indexOf(`${r}:3`) < begins).length;
    expect(endedBefore).toBeGreaterThanOrEqual(k - 3);
  });
  expect(s.pending).toBe(0);
  await s.stop();
});

it('a run whose read found no next event gives its slot back at once', async () => {
  const w = workflow(2, { concurrency: 1 });
  const s = w.start(hooks({ keepSlotMs: 60_000 }), ['one', 'two', 'three']);
  expect(await until(() => w.log.includes('three:1'))).toBe(true);
  // one handled at a time, two under way: 'three' starts only once 'one' has ended and given its slot back
  expect(w.log.indexOf('one:2')).toBeLessThan(w.log.indexOf('three:1'));
  await s.stop();
});

it('a slow run holds back only itself, and the checkpoint stays below its unhandled event', async () => {
  const w = workflow(3, { concurrency: 4, stepMs: (run, step) => (run === 'slow' && step === 1 ? 300 : 2) });
  const progress: number[] = [];
  const s = w.start(hooks({ progress: (p) => progress.push(p) }), ['slow', 'x', 'y']);
  const slowFirst = 1 + position - 3; // the first of the three events added
  expect(await until(() => w.log.includes('x:3') && w.log.includes('y:3'))).toBe(true);
  expect(w.log).not.toContain('slow:1');
  // every other event is handled, yet nothing at or past the slow run's first event may be checkpointed
  expect(s.handledUpTo).toBeLessThan(slowFirst);
  expect(progress.every((p) => p < slowFirst)).toBe(true);
  expect(await until(() => w.log.includes('slow:3'))).toBe(true);
  expect(await until(() => s.pending === 0)).toBe(true);
  expect(s.handledUpTo).toBe(position);
  await s.stop();
});

it('an event that keeps failing is retried, then parked, and its run and the others go on', async () => {
  const w = workflow(2, { concurrency: 2, fails: (run, step) => run === 'bad' && step === 1 });
  const failures: number[] = [];
  const s = w.start(hooks({ failed: (_e, _err, attempt) => failures.push(attempt) }), ['bad', 'good']);
  expect(await until(() => w.parked.length === 1 && w.log.includes('good:2'))).toBe(true);
  expect(failures).toEqual([1, 2, 3]);
  expect(w.parked).toEqual(['bad-1']);
  expect(await until(() => s.pending === 0)).toBe(true);
  expect(s.handledUpTo).toBe(position);
  await s.stop();
});

it('stopped while an event is retried: the event is not counted as handled', async () => {
  const w = workflow(1, { concurrency: 1, fails: () => true });
  const s = w.start(hooks({ retry: { attempts: 5, baseDelayMs: 50, maxDelayMs: 50 } }), ['never']);
  const first = position;
  await pause(20);
  await s.stop();
  expect(s.handledUpTo).toBeLessThan(first);
  expect(w.parked).toEqual([]);
});

it('one event retries at a time: the next failing event gets the whole retry policy after it, not beside it', async () => {
  const w = workflow(1, { concurrency: 4, fails: (run) => run.startsWith('bad') });
  const failures: string[] = [];
  const s = w.start(hooks({ failed: (e, _err, attempt) => failures.push(`${e.metadata.correlationId}:${attempt}`) }), [
    'bad1',
    'bad2',
  ]);
  expect(await until(() => w.parked.length === 2)).toBe(true);
  expect(failures).toEqual(['bad1:1', 'bad2:1', 'bad1:2', 'bad1:3', 'bad2:2', 'bad2:3']);
  await s.stop();
});

describe('a run takes the next event its own step stored at once (offer), before the log brings it', () => {
  function offered(options: { concurrency?: number } = {}) {
    const log: string[] = [];
    const gate: { open?: () => void } = {};
    const handler: PipelinedHandler = {
      concurrency: options.concurrency ?? 2,
      partitionOf: (e) => e.metadata.correlationId,
      handle: async (e) => {
        const { run, step } = e.data as { run: string; step: number };
        if (run === 'held' && step === 1) await new Promise<void>((r) => (gate.open = r));
        log.push(`${run}:${step}`);
      },
      moveCheckpoint: async () => undefined,
      recordParked: async () => undefined,
    };
    const progress: number[] = [];
    const s = new SagaScheduler(handler, position, hooks({ progress: (p) => progress.push(p) }));
    return { s, log, gate, progress };
  }

  it('handles it once: when the read brings it, only the checkpoint moves', async () => {
    const { s, log, progress } = offered();
    const first = event('r', 1);
    s.add([first]);
    expect(await until(() => log.includes('r:1'))).toBe(true);
    const next = event('r', 2);
    s.offer(next);
    expect(await until(() => log.includes('r:2'))).toBe(true);
    expect(s.handledEarly).toBe(1);
    // not read from the log yet: the checkpoint stays at the first event
    expect(s.handledUpTo).toBe(first.position);
    s.add([next]);
    expect(await until(() => s.handledUpTo === next.position)).toBe(true);
    await pause(10);
    expect(log).toEqual(['r:1', 'r:2']);
    expect(progress.at(-1)).toBe(next.position);
    expect(s.pending).toBe(0);
    await s.stop();
  });

  it('an event read while its early handling is under way counts once that handling ends', async () => {
    const { s, log, gate } = offered();
    const held = event('held', 1);
    s.offer(held);
    expect(await until(() => gate.open !== undefined)).toBe(true);
    s.add([held]);
    await pause(10);
    expect(s.handledUpTo).toBeLessThan(held.position);
    gate.open!();
    expect(await until(() => s.handledUpTo === held.position)).toBe(true);
    expect(log).toEqual(['held:1']);
    expect(s.pending).toBe(0);
    await s.stop();
  });

  it('is ignored once the log brought the event, or offered twice', async () => {
    const { s, log } = offered();
    const e1 = event('x', 1);
    s.add([e1]);
    s.offer(e1);
    const e2 = event('x', 2);
    s.offer(e2);
    s.offer(e2);
    s.add([e2]);
    expect(await until(() => s.handledUpTo === e2.position)).toBe(true);
    await pause(10);
    expect(log).toEqual(['x:1', 'x:2']);
    await s.stop();
  });
});
