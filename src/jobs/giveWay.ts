import type { JobHandler, JobQueue } from './queue.ts';

/**
 * When the API last took a request. The worker of an API process (embedded mode: `leasewire
 * start`, `serve --with-worker`) shares one thread with the API, so it gives way while the API is
 * busy (giveWayTo). A clock read per request, and nothing that a lost response could leave set.
 */
export class ApiActivity implements Activity {
  private lastRequestAt = -Infinity;

  /** The API counts as busy for quietMs after a request arrives. */
  constructor(
    readonly quietMs = 25,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Called for every API request. */
  touch(): void {
    this.lastRequestAt = this.clock();
  }

  busy(): boolean {
    return this.clock() - this.lastRequestAt < this.quietMs;
  }
}

/** What the gate needs to know of the API. */
export interface Activity {
  busy(): boolean;
  /** How long after the last request the API counts as quiet again. */
  readonly quietMs: number;
}

/**
 * Wraps every handler registered on `queue` so that, while the API is busy, each task runs one
 * job at a time; when the API is quiet they run as many as the queue's concurrency allows. Jobs
 * keep their claim (and their lock) while they wait. The API answers first under load, and the
 * backlog drains at full speed once the load stops (and, one job per task, during it).
 */
export function giveWayTo<Q extends JobQueue>(queue: Q, activity: Activity): Q {
  const register = queue.register.bind(queue);
  queue.register = (task, handler) => register(task, gated(handler, activity));
  return queue;
}

function gated(handler: JobHandler, activity: Activity): JobHandler {
  let running = 0;
  const waiting: Array<() => void> = [];
  let recheck: NodeJS.Timeout | undefined;

  /** Starts what may start now; while some wait for the API to go quiet, looks again after a while. */
  const admit = () => {
    while (waiting.length > 0 && (running === 0 || !activity.busy())) {
      running++;
      waiting.shift()!();
    }
    if (waiting.length > 0 && recheck === undefined) {
      recheck = setTimeout(() => {
        recheck = undefined;
        admit();
      }, activity.quietMs);
    }
  };

  return async (payload, ctx) => {
    if (running === 0 || !activity.busy()) running++;
    else if (ctx.signal.aborted) throw stopReason(ctx.signal);
    else {
      await new Promise<void>((resolve, reject) => {
        const start = () => {
          ctx.signal.removeEventListener('abort', abandon);
          resolve();
        };
        // A stopping worker releases the jobs that never started.
        const abandon = () => {
          const i = waiting.indexOf(start);
          if (i >= 0) waiting.splice(i, 1);
          reject(stopReason(ctx.signal));
        };
        ctx.signal.addEventListener('abort', abandon, { once: true });
        waiting.push(start);
      });
    }
    try {
      await handler(payload, ctx);
    } finally {
      running--;
      admit();
    }
  };
}

/** Why a job given back by a stopping worker did not run. */
const stopReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('the worker is stopping'));
