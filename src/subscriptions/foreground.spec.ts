import type { MikroORM } from '@mikro-orm/postgresql';
import { ReactorHandler, SAGA_CONCURRENCY, SAGA_CONCURRENCY_ANSWERING } from './checkpointed-handlers';
import { Foreground } from './foreground';
import { EventReactor } from './subscription.types';

describe('Foreground', () => {
  let now: number;
  const foreground = () => new Foreground(100, () => now);

  beforeEach(() => (now = 1_000));

  it('is busy while a request is answered and for a moment after the last one ends', () => {
    const f = foreground();
    expect(f.busy).toBe(false);
    const first = f.begin();
    const second = f.begin();
    first();
    now += 500;
    expect(f.busy).toBe(true); // the second is still being answered
    second();
    now += 99;
    expect(f.busy).toBe(true);
    now += 1;
    expect(f.busy).toBe(false);
  });

  it('counts a request once, however often its end is told', () => {
    const f = foreground();
    const a = f.begin();
    const b = f.begin();
    a();
    a();
    now += 200;
    expect(f.busy).toBe(true);
    b();
    now += 200;
    expect(f.busy).toBe(false);
  });

  it('stops counting a request whose answer never ends', async () => {
    const f = new Foreground(100, () => now, 20);
    f.begin(); // never ended
    expect(f.busy).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    now += 100;
    expect(f.busy).toBe(false);
  });

  it('sets how many runs a saga takes at once: fewer while the process answers requests', () => {
    const f = foreground();
    const reactor = { name: 'r', eventTypes: ['E'], handle: async () => undefined } as unknown as EventReactor;
    const handler = new ReactorHandler(reactor, {} as MikroORM, f);
    expect(handler.pipelined.concurrency).toBe(SAGA_CONCURRENCY);
    const end = f.begin();
    expect(handler.pipelined.concurrency).toBe(SAGA_CONCURRENCY_ANSWERING);
    end();
    now += 100;
    expect(handler.pipelined.concurrency).toBe(SAGA_CONCURRENCY);
    expect(SAGA_CONCURRENCY_ANSWERING).toBeLessThan(SAGA_CONCURRENCY);
    // without a foreground (a process answering no requests, a benchmark's engine): always the most
    expect(new ReactorHandler(reactor, {} as MikroORM).pipelined.concurrency).toBe(SAGA_CONCURRENCY);
  });
});
