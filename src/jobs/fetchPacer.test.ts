import { describe, expect, it } from 'vitest';
import { FetchPacer } from './fetchPacer.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('FetchPacer', () => {
  it('lets one fetch run at a time, in arrival order', async () => {
    const p = new FetchPacer({ pollIntervalMs: 1000 });
    expect(p.acquire()).toBeNull();
    const order: string[] = [];
    const b = p.acquire()!.then(() => order.push('b'));
    const c = p.acquire()!.then(() => order.push('c'));
    await Promise.resolve();
    expect(order).toEqual([]);
    p.release();
    await b;
    expect(order).toEqual(['b']);
    p.release();
    await c;
    expect(order).toEqual(['b', 'c']);
    p.release();
    // Free again: the next fetch starts at once.
    expect(p.acquire()).toBeNull();
  });

  it('retries an empty fetch soon while jobs are being found, doubling per empty fetch', () => {
    const c = clock();
    const p = new FetchPacer({ pollIntervalMs: 1000, firstRetryMs: 10, now: c.now, random: () => 1 });
    p.found('w1');
    expect([1, 2, 3, 4, 5, 6, 7].map(() => p.retryDelay('w1'))).toEqual([10, 20, 40, 80, 160, 320, 640]);
    // The next doubling reaches the poll interval: graphile's own polling takes over.
    expect(p.retryDelay('w1')).toBeNull();
    // A job found resets the worker's sequence.
    p.found('w1');
    expect(p.retryDelay('w1')).toBe(10);
  });

  it('jitters the delay between half and all of it', () => {
    const c = clock();
    const low = new FetchPacer({ pollIntervalMs: 1000, firstRetryMs: 40, now: c.now, random: () => 0 });
    expect(low.retryDelay('w')).toBe(20);
    const high = new FetchPacer({ pollIntervalMs: 1000, firstRetryMs: 40, now: c.now, random: () => 1 });
    expect(high.retryDelay('w')).toBe(40);
  });

  it('counts empty fetches per worker', () => {
    const c = clock();
    const p = new FetchPacer({ pollIntervalMs: 1000, firstRetryMs: 10, now: c.now, random: () => 1 });
    expect(p.retryDelay('a')).toBe(10);
    expect(p.retryDelay('a')).toBe(20);
    expect(p.retryDelay('b')).toBe(10);
    p.forget('a');
    expect(p.retryDelay('a')).toBe(10);
  });

  it('leaves a drained queue to the poll interval once nothing was found for a whole interval', () => {
    const c = clock();
    const p = new FetchPacer({ pollIntervalMs: 1000, now: c.now, random: () => 1 });
    // Just started: busy (other processes may be draining a backlog).
    expect(p.retryDelay('w')).toBe(10);
    c.advance(1000);
    expect(p.retryDelay('w')).toBeNull();
    p.found('other');
    expect(p.retryDelay('w')).toBe(10);
  });
});
