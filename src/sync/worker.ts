import type { JobQueue } from '../jobs/queue.ts';
import { executeRun, queueSync, type RunSyncOptions, type SyncDeps } from './engine.ts';
import type { SyncRunRow } from './runs.ts';
import { scheduleDue, type EnqueueRun } from './scheduler.ts';

/** Executes one queued (or abandoned) run: payload `{ run_id }`. */
export const SYNC_TASK = 'sync';
/** The recurring pass that queues runs of due integrations. */
export const SYNC_SCHEDULE_TASK = 'sync_schedule';

/**
 * One key and one named queue per integration: a pending job is never doubled, and two sync jobs
 * of one integration never run at once even if a run was handed back while another job ran. The
 * partial unique index on sync_runs stays the last guard.
 */
export const syncJobKey = (integrationId: string): string => `sync:${integrationId}`;

/** An EnqueueRun bound to a queue. */
export function runEnqueuer(queue: JobQueue): EnqueueRun {
  return (db, run) => queue.enqueue(db, SYNC_TASK, { run_id: run.id }, { jobKey: syncJobKey(run.integration_id), queueName: syncJobKey(run.integration_id) });
}

/** Queues a run and the job that executes it, atomically (manual sync, back-sync, CLI). */
export function enqueueSync(deps: SyncDeps, queue: JobQueue, integrationId: string, options: Pick<RunSyncOptions, 'kind' | 'models'> = {}): Promise<SyncRunRow> {
  return queueSync(deps, integrationId, options, runEnqueuer(queue));
}

export interface SyncWorkerOptions {
  /** Time between scheduling passes (default 30 s). */
  scheduleEveryMs?: number;
  leaseMs?: number;
}

/**
 * Registers the sync task and the scheduler on a queue: the one call a worker process makes.
 * A run's failure is recorded on the run (and the outbox), not as a failed job: retrying is the
 * next scheduled run's business. A crash leaves the job locked; the queue re-delivers it and the
 * run resumes from its checkpoint.
 */
export function registerSyncWorker(queue: JobQueue, deps: SyncDeps, options: SyncWorkerOptions = {}): void {
  const enqueue = runEnqueuer(queue);
  queue.register(SYNC_TASK, async (payload, ctx) => {
    const runId = payload.run_id;
    if (typeof runId !== 'string') throw new Error(`a ${SYNC_TASK} job needs a string run_id; got ${JSON.stringify(payload)}`);
    await executeRun(deps, runId, { signal: ctx.signal, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) });
  });
  queue.register(SYNC_SCHEDULE_TASK, async () => {
    await scheduleDue(deps, enqueue, options.leaseMs ? { leaseMs: options.leaseMs } : {});
  });
  queue.recurring({ name: 'sync-schedule', task: SYNC_SCHEDULE_TASK, everyMs: options.scheduleEveryMs ?? 30_000 });
}

