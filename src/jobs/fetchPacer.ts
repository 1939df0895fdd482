/**
 * How a graphile-worker pool fetches jobs when they sit in named queues.
 *
 * graphile-worker 0.17's get_job locks every available named-queue row for the length of the
 * statement (`job_queue_id in (select … for update skip locked)`, its "strategy 2"). Two fetches
 * that overlap therefore see every queue locked by the other one: the second comes back empty,
 * and graphile puts that worker to sleep for a whole poll interval although jobs are waiting.
 * With one queue per PMS application and 8 workers per process this left 8 % of a single
 * process's fetches empty (each idling its slot for 1 s) and 17 % with 4 processes.
 *
 * The pacer fixes both halves:
 * - one fetch at a time per process (`acquire` before get_job, `release` when it returns), so a
 *   process never collides with itself — and a batch of idle workers costs one query at a time;
 * - a fetch that comes back empty while this process is busy (it found a job within the last
 *   poll interval, or has just started) is retried after a short jittered delay that doubles per
 *   consecutive empty fetch, up to the poll interval: a collision with another process costs
 *   milliseconds, and a drained queue still settles to normal polling within a few tries.
 */
export interface FetchPacerOptions {
  /** graphile-worker's poll interval: the longest retry delay, and how long "busy" lasts. */
  pollIntervalMs: number;
  /** First retry delay after an empty fetch (default 10 ms). */
  firstRetryMs?: number;
  now?: () => number;
  random?: () => number;
}

export class FetchPacer {
  private busy = false;
  private readonly waiters: Array<() => void> = [];
  private readonly empties = new Map<string, number>();
  private lastFoundAt: number;
  private readonly firstRetryMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: FetchPacerOptions) {
    this.firstRetryMs = options.firstRetryMs ?? 10;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    // A pool that starts is busy: other processes may be fetching from a backlog already.
    this.lastFoundAt = this.now();
  }

  /** Resolves (with graphile's "no forbidden flags") when this worker may fetch; null = at once. */
  acquire(): Promise<null> | null {
    if (!this.busy) {
      this.busy = true;
      return null;
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(null)));
  }

  /** The fetch returned (a job, nothing, or an error): the next worker in line may fetch. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }

  /** `worker` got a job. */
  found(worker: string): void {
    this.lastFoundAt = this.now();
    this.empties.delete(worker);
  }

  /**
   * `worker` got nothing: how long until it should look again, or null to leave it to graphile's
   * poll interval (the process has found nothing for a whole interval: the queue is drained).
   */
  retryDelay(worker: string): number | null {
    const { pollIntervalMs } = this.options;
    if (this.now() - this.lastFoundAt >= pollIntervalMs) {
      this.empties.delete(worker);
      return null;
    }
    const n = this.empties.get(worker) ?? 0;
    this.empties.set(worker, n + 1);
    const delay = this.firstRetryMs * 2 ** n;
    if (delay >= pollIntervalMs) return null;
    return Math.max(1, Math.round(delay * (0.5 + this.random() / 2)));
  }

  /** The worker is gone (pool shutting down). */
  forget(worker: string): void {
    this.empties.delete(worker);
  }
}
