import { describe, expect, it } from 'vitest';
import { ApiActivity, giveWayTo, type Activity } from './giveWay.ts';
import type { JobContext, JobHandler, JobQueue } from './queue.ts';

/** A queue that only records the handlers registered on it (giveWayTo wraps register). */
function recordingQueue(): JobQueue & { handlers: Map<string, JobHandler> } {
  const handlers = new Map<string, JobHandler>();
  return { handlers, register: (task: string, h: JobHandler) => void handlers.set(task, h) } as unknown as JobQueue & { handlers: Map<string, JobHandler> };
}

const ctx = (signal = new AbortController().signal): JobContext => ({ id: 'j', task: 't', attempt: 1, maxAttempts: 3, queueName: null, signal });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A handler whose runs the test ends one by one; `running` and `started` show what it let in. */
function heldHandler() {
  const ends: Array<() => void> = [];
  const state = { running: 0, started: 0 };
  const handler: JobHandler = async () => {
    state.running++;
    state.started++;
    await new Promise<void>((resolve) => ends.push(resolve));
    state.running--;
  };
  return { handler, state, endOne: () => ends.shift()?.() };
}

describe('giveWayTo: the worker of an API process gives way to the API', () => {
  it('runs jobs side by side while the API is quiet', async () => {
    const queue = giveWayTo(recordingQueue(), { busy: () => false, quietMs: 5 });
    const h = heldHandler();
    queue.register('write', h.handler);
    const runs = [1, 2, 3].map(() => queue.handlers.get('write')!({}, ctx()));
    await tick();
    expect(h.state.running).toBe(3);
    for (let i = 0; i < 3; i++) h.endOne();
    await Promise.all(runs);
  });

  it('runs one job per task at a time while the API is busy, and the rest as soon as it is quiet', async () => {
    const activity = { busy: () => true, quietMs: 5 };
    const queue = giveWayTo(recordingQueue(), activity);
    const writes = heldHandler();
    const syncs = heldHandler();
    queue.register('write', writes.handler);
    queue.register('sync', syncs.handler);
    const runs = [1, 2, 3].map(() => queue.handlers.get('write')!({}, ctx()));
    runs.push(queue.handlers.get('sync')!({}, ctx()));
    await tick();
    // One write at a time; another task is not held up by the writes.
    expect([writes.state.running, syncs.state.running]).toEqual([1, 1]);
    writes.endOne();
    await tick();
    expect([writes.state.running, writes.state.started]).toEqual([1, 2]);
    // The API goes quiet: what waits starts without waiting for a job to end.
    activity.busy = () => false;
    await tick(20);
    expect([writes.state.running, writes.state.started]).toEqual([2, 3]);
    writes.endOne();
    writes.endOne();
    syncs.endOne();
    await Promise.all(runs);
  });

  it('gives a waiting job back when the worker stops, without running it', async () => {
    const queue = giveWayTo(recordingQueue(), { busy: () => true, quietMs: 5 });
    const h = heldHandler();
    queue.register('write', h.handler);
    const first = queue.handlers.get('write')!({}, ctx());
    const stopping = new AbortController();
    const second = queue.handlers.get('write')!({}, ctx(stopping.signal));
    await tick();
    stopping.abort(new Error('the worker is stopping'));
    await expect(second).rejects.toThrow('the worker is stopping');
    // One that would have to wait after the stop began is given back at once.
    await expect(queue.handlers.get('write')!({}, ctx(stopping.signal))).rejects.toThrow('the worker is stopping');
    h.endOne();
    await first;
    expect(h.state.started).toBe(1);
  });

  it('counts the API busy for quietMs after each request', () => {
    let now = 1000;
    const activity: Activity & { touch(): void } = new ApiActivity(25, () => now);
    expect(activity.busy()).toBe(false);
    activity.touch();
    now += 24;
    expect(activity.busy()).toBe(true);
    now += 1;
    expect(activity.busy()).toBe(false);
  });
});
