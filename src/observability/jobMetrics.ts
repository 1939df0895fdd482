import type { JobHandler, JobQueue } from '../jobs/queue.ts';
import { jobLatency, jobRuns } from './metrics.ts';

/**
 * When a job was accepted, carried in its payload: retries and re-deliveries keep the payload, so
 * whichever worker process finishes the job can measure accepted → finished without a query.
 */
const ACCEPTED_AT = '_accepted_at';

/** Times every handler and stamps every job, without the subsystems knowing (one hook point). */
export function instrumentQueue<Q extends JobQueue>(queue: Q): Q {
  const register = queue.register.bind(queue);
  const enqueue = queue.enqueue.bind(queue);
  queue.register = (task, handler) => register(task, timed(task, handler));
  queue.enqueue = (db, task, payload, options) => enqueue(db, task, { ...payload, [ACCEPTED_AT]: Date.now() }, options);
  return queue;
}

function timed(task: string, handler: JobHandler): JobHandler {
  return async (payload, ctx) => {
    const { [ACCEPTED_AT]: acceptedAt, ...rest } = payload;
    let outcome = 'done';
    try {
      await handler(rest, ctx);
    } catch (err) {
      outcome = ctx.signal.aborted ? 'released' : ctx.attempt < ctx.maxAttempts ? 'retry' : 'failed';
      throw err;
    } finally {
      jobRuns.inc({ task, outcome });
      if ((outcome === 'done' || outcome === 'failed') && typeof acceptedAt === 'number') {
        jobLatency.observe({ task, outcome }, Math.max(0, Date.now() - acceptedAt) / 1000);
      }
    }
  };
}
