import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '../../test/support/store.ts';
import type { JobContext, JobPayload, JobQueue, QueueOptions } from './queue.ts';

/**
 * The one contract both queue implementations pass. `open` gives a fresh migrated store and a
 * factory for queues on it; every queue a test makes is stopped after the test.
 */
export interface QueueHarness {
  store: TestStore;
  make(options?: QueueOptions): Promise<JobQueue>;
  /** Environment for a child process that opens the same store (crash test). */
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

const fast: QueueOptions = { backoff: { baseMs: 20, maxMs: 200 }, pollIntervalMs: 100, lockTimeoutMs: 10_000, gracefulStopMs: 2000 };

function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function queueContract(name: string, open: () => Promise<QueueHarness>): void {
  describe(`job queue contract: ${name}`, () => {
    let h: QueueHarness;
    const queues: JobQueue[] = [];
    const make = async (options: QueueOptions = {}) => {
      const q = await h.make({ ...fast, ...options });
      queues.push(q);
      return q;
    };

    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      for (const q of queues.splice(0)) await q.stop();
      await h.cleanup();
    });

    it('enqueues inside the caller transaction: a rollback leaves no job, a commit runs it', async () => {
      const q = await make();
      const seen: JobPayload[] = [];
      q.register('t', async (p) => void seen.push(p));
      await expect(
        h.store.db.transaction().execute(async (trx) => {
          await q.enqueue(trx, 't', { n: 1 });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      await h.store.db.transaction().execute((trx) => q.enqueue(trx, 't', { n: 2 }));
      await q.start();
      await until(() => seen.length >= 1);
      await sleep(150);
      expect(seen).toEqual([{ n: 2 }]);
    });

    it('enqueueMany adds every job in the caller transaction (rolled back with it), keyed ones replacing as enqueue does', async () => {
      const q = await make();
      const seen: JobPayload[] = [];
      q.register('t', async (p) => void seen.push(p));
      q.register('u', async (p) => void seen.push(p));
      await expect(
        h.store.db.transaction().execute(async (trx) => {
          await q.enqueueMany(trx, [{ task: 't', payload: { n: 0 } }]);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      await h.store.db.transaction().execute((trx) =>
        q.enqueueMany(trx, [
          { task: 't', payload: { n: 1 }, options: { queueName: 'a' } },
          { task: 'u', payload: { n: 2 }, options: { queueName: 'a', maxAttempts: 2 } },
          { task: 't', payload: { n: 3 } },
          { task: 't', payload: { n: 4 }, options: { jobKey: 'k' } },
          { task: 't', payload: { n: 5 }, options: { jobKey: 'k' } },
        ]),
      );
      await q.start({ concurrency: 2 });
      await until(() => seen.length >= 4);
      await sleep(150);
      expect(seen.map((p) => p.n).sort()).toEqual([1, 2, 3, 5]);
      // One named queue runs its jobs in order.
      expect(seen.filter((p) => p.n === 1 || p.n === 2).map((p) => p.n)).toEqual([1, 2]);
    });

    it('wakes a running worker within a moment of an enqueue, without waiting for the poll', async () => {
      const q = await make({ pollIntervalMs: 20_000 });
      let ranAt = 0;
      q.register('t', async () => void (ranAt = Date.now()));
      await q.start();
      await sleep(200);
      const at = Date.now();
      await h.store.db.transaction().execute((trx) => q.enqueue(trx, 't', {}));
      await until(() => ranAt > 0, 5000);
      expect(ranAt - at).toBeLessThan(5000);
    });

    it('retries a failing job with growing backoff until it succeeds (at least once)', async () => {
      const q = await make({ backoff: { baseMs: 100, maxMs: 1000 } });
      const runs: Array<{ at: number; ctx: JobContext }> = [];
      q.register('t', async (_p, ctx) => {
        runs.push({ at: Date.now(), ctx });
        if (ctx.attempt < 3) throw new Error(`boom ${ctx.attempt}`);
      });
      await q.enqueue(h.store.db, 't', {}, { maxAttempts: 5 });
      await q.start();
      await until(() => runs.length === 3);
      expect(runs.map((r) => r.ctx.attempt)).toEqual([1, 2, 3]);
      expect(runs[0]!.ctx.maxAttempts).toBe(5);
      // ±25 % jitter around 100 ms then 200 ms.
      expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(70);
      expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(145);
    });

    it('stops after maxAttempts', async () => {
      const q = await make();
      let runs = 0;
      q.register('t', async () => {
        runs += 1;
        throw new Error('always');
      });
      await q.enqueue(h.store.db, 't', {}, { maxAttempts: 3 });
      await q.start();
      await until(() => runs === 3);
      await sleep(400);
      expect(runs).toBe(3);
    });

    it('honours runAt', async () => {
      const q = await make();
      let ranAt = 0;
      q.register('t', async () => void (ranAt = Date.now()));
      const due = Date.now() + 300;
      await q.enqueue(h.store.db, 't', {}, { runAt: new Date(due) });
      await q.start();
      await until(() => ranAt > 0);
      expect(ranAt).toBeGreaterThanOrEqual(due - 5);
    });

    it('deduplicates by job key: a pending job is replaced', async () => {
      const q = await make();
      const seen: JobPayload[] = [];
      q.register('t', async (p) => void seen.push(p));
      await q.enqueue(h.store.db, 't', { v: 1 }, { jobKey: 'k' });
      await q.enqueue(h.store.db, 't', { v: 2 }, { jobKey: 'k' });
      await q.enqueue(h.store.db, 't', { v: 3 }, { jobKey: 'other' });
      await q.start();
      await until(() => seen.length >= 2);
      await sleep(150);
      expect(seen.sort((a, b) => Number(a.v) - Number(b.v))).toEqual([{ v: 2 }, { v: 3 }]);
    });

    it('takes concurrent enqueues of one job key without an error, keeping one job', async () => {
      const [a, b] = [await make(), await make()];
      const seen: JobPayload[] = [];
      a.register('t', async (p) => void seen.push(p));
      await Promise.all([1, 2, 3, 4].map((v) => (v % 2 ? a : b).enqueue(h.store.db, 't', { v }, { jobKey: 'race' })));
      await a.start();
      await until(() => seen.length >= 1);
      await sleep(150);
      expect(seen).toHaveLength(1);
    });

    it('runs jobs of one named queue one at a time, other jobs concurrently', async () => {
      const q = await make();
      let inQueue = 0;
      let maxInQueue = 0;
      let free = 0;
      let maxFree = 0;
      let done = 0;
      q.register('serial', async () => {
        inQueue += 1;
        maxInQueue = Math.max(maxInQueue, inQueue);
        await sleep(30);
        inQueue -= 1;
        done += 1;
      });
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => (release = r));
      q.register('free', async () => {
        free += 1;
        maxFree = Math.max(maxFree, free);
        if (free === 3) release();
        await gate;
        free -= 1;
        done += 1;
      });
      for (let i = 0; i < 4; i++) await q.enqueue(h.store.db, 'serial', { i }, { queueName: 'app-1' });
      for (let i = 0; i < 3; i++) await q.enqueue(h.store.db, 'free', { i });
      await q.start({ concurrency: 5 });
      await until(() => done === 7);
      expect(maxInQueue).toBe(1);
      expect(maxFree).toBe(3);
    });

    it('releases a running job on stop so another worker runs it', async () => {
      const a = await make({ gracefulStopMs: 200 });
      let startedA = false;
      a.register('t', (_p, ctx) => {
        startedA = true;
        return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      });
      await a.enqueue(h.store.db, 't', { x: 1 });
      await a.start();
      await until(() => startedA);
      await a.stop();
      const b = await make();
      const attempts: number[] = [];
      b.register('t', async (_p, ctx) => void attempts.push(ctx.attempt));
      await b.start();
      await until(() => attempts.length === 1);
      expect(attempts).toEqual([1]);
    });

    it('recovers a job locked by a worker process that was killed', async () => {
      const producer = await make();
      await h.store.db.transaction().execute((trx) => producer.enqueue(trx, 'hang', { crash: true }));
      const fixture = fileURLToPath(new URL('./queue.crashFixture.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...h.childEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.on('exit', r));
      await until(() => out.includes('started'), 20_000);
      child.kill('SIGKILL');
      await exited;

      const b = await make({ lockTimeoutMs: 400 });
      const attempts: number[] = [];
      b.register('hang', async (_p, ctx) => void attempts.push(ctx.attempt));
      await b.start();
      await until(() => attempts.length === 1);
      expect(attempts).toEqual([2]);
    });
  });
}
