import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { JobContext, JobHandler, JobPayload, JobQueue } from '../jobs/queue.ts';
import { LazyQueue } from '../runtime/lazyQueue.ts';
import type { Database } from '../store/schema.ts';
import { instrumentQueue } from './jobMetrics.ts';
import { metricsRegistry } from './metrics.ts';

/** A queue that records calls and runs a registered handler on demand. */
function fakeQueue() {
  const calls: string[] = [];
  const handlers = new Map<string, JobHandler>();
  const enqueued: JobPayload[] = [];
  const queue: JobQueue = {
    kind: 'sqlite',
    init: async () => void calls.push('init'),
    register: (task, handler) => void handlers.set(task, handler),
    enqueue: async (_db, _task, payload) => void enqueued.push(payload),
    enqueueMany: async (_db, jobs) => void enqueued.push(...jobs.map((j) => j.payload)),
    recurring: () => undefined,
    start: async () => void calls.push('start'),
    stop: async () => void calls.push('stop'),
  };
  return { queue, calls, handlers, enqueued };
}
const db = {} as Kysely<Database>;
const ctx = (over: Partial<JobContext> = {}): JobContext => ({ id: '1', task: 't', attempt: 1, maxAttempts: 3, queueName: null, signal: new AbortController().signal, ...over });

describe('LazyQueue', () => {
  it('sets the queue up once, on the first job or start, and never for a command that uses neither', async () => {
    const idle = fakeQueue();
    await new LazyQueue(idle.queue).stop();
    expect(idle.calls).toEqual(['stop']);

    const used = fakeQueue();
    const lazy = new LazyQueue(used.queue);
    await Promise.all([lazy.enqueue(db, 't', {}), lazy.enqueue(db, 't', {})]);
    await lazy.start();
    expect(used.calls).toEqual(['init', 'start']);
  });
});

describe('instrumentQueue', () => {
  it('stamps jobs when accepted, hides the stamp from handlers, and measures accepted → finished', async () => {
    const f = fakeQueue();
    const q = instrumentQueue(f.queue);
    const seen: JobPayload[] = [];
    q.register('metrics_test', async (payload, c) => {
      seen.push(payload);
      if (c.attempt === 1) throw new Error('transient');
    });
    await q.enqueue(db, 'metrics_test', { write_job_id: 'wj_1' });
    expect(f.enqueued[0]).toEqual({ write_job_id: 'wj_1', _accepted_at: expect.any(Number) });
    const handler = f.handlers.get('metrics_test')!;
    await expect(handler(f.enqueued[0]!, ctx())).rejects.toThrow('transient');
    await handler(f.enqueued[0]!, ctx({ attempt: 2 }));
    expect(seen).toEqual([{ write_job_id: 'wj_1' }, { write_job_id: 'wj_1' }]);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/^leasewire_job_runs_total\{task="metrics_test",outcome="retry"\} 1$/m);
    expect(text).toMatch(/^leasewire_job_runs_total\{task="metrics_test",outcome="done"\} 1$/m);
    expect(text).toMatch(/^leasewire_job_latency_seconds_count\{task="metrics_test",outcome="done"\} 1$/m);
  });
});
