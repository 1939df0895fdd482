import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * The job queue every subsystem uses (write jobs, sync runs, webhook deliveries). Two
 * implementations share this contract and one test suite (queue.contract.ts): an embedded
 * SQLite-backed queue and graphile-worker on PostgreSQL.
 *
 * Delivery is at least once: a handler may run again after a crash or a lost lock, so handlers
 * must be idempotent (the write worker is, through its own job record).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JobPayload = { [key: string]: JsonValue };

export interface EnqueueOptions {
  /** Jobs with the same key are deduplicated: a pending one is replaced (payload, run_at, queue). */
  jobKey?: string;
  /** Jobs of one named queue never run at the same time (e.g. one Entrata application). */
  queueName?: string;
  /** Earliest time to run (default: now). */
  runAt?: Date;
  /** Total runs allowed, first one included (default: the queue's maxAttempts). */
  maxAttempts?: number;
  /** Lower runs first (default 0). */
  priority?: number;
}

/** One job for enqueueMany(). */
export interface JobToEnqueue {
  task: string;
  payload: JobPayload;
  options?: EnqueueOptions;
}

export interface JobContext {
  id: string;
  task: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  queueName: string | null;
  /** Aborted when the worker is stopping: finish quickly or throw to have the job released. */
  signal: AbortSignal;
  /**
   * Removes this job from the queue inside the handler's own last transaction, so that its outcome
   * and its leaving the queue commit together (one commit where there were two). Only queues on the
   * store's own database offer it (the embedded one); call it last in that transaction. If the
   * transaction rolls back, the job stays queued and ends as the handler's return or throw says.
   */
  complete?: (trx: Kysely<Database>) => Promise<void>;
}

export type JobHandler = (payload: JobPayload, ctx: JobContext) => Promise<void>;

export interface BackoffOptions {
  /** Delay before the second attempt; doubles per attempt. */
  baseMs: number;
  maxMs: number;
}

export interface QueueOptions {
  /** Default attempts per job (default 10). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** A lock not renewed for this long belongs to a dead worker and is taken over (default 30 s). */
  lockTimeoutMs?: number;
  /** Polling fallback for jobs added by other processes or coming due (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long stop() waits for running jobs before it aborts and releases them (default 5000 ms). */
  gracefulStopMs?: number;
}

export interface WorkerOptions {
  concurrency?: number;
}

export interface RecurringTask {
  /** Unique name; one pending occurrence per name exists across all workers. */
  name: string;
  task: string;
  everyMs: number;
  payload?: JobPayload;
}

export interface JobQueue {
  readonly kind: 'sqlite' | 'graphile';
  /** Creates what the queue needs in the database (idempotent). */
  init(): Promise<void>;
  /** Registers the handler for a task name; call before start(). */
  register(task: string, handler: JobHandler): void;
  /**
   * Adds a job using `db`, which should be the caller's transaction: the job exists exactly when
   * that transaction commits.
   */
  enqueue(db: Kysely<Database>, task: string, payload: JobPayload, options?: EnqueueOptions): Promise<void>;
  /**
   * enqueue() for several jobs at once, in the same transaction semantics: what a group commit
   * enqueues (one statement on PostgreSQL for the jobs without a job key).
   */
  enqueueMany(db: Kysely<Database>, jobs: ReadonlyArray<JobToEnqueue>): Promise<void>;
  /**
   * enqueueMany() run synchronously on `sqlite`, a raw connection of the store inside a transaction
   * the caller has open on it: the jobs exist exactly when that transaction commits. Offered only
   * by the embedded queue (its rows live in the store's SQLite file; it needs no init()), for jobs
   * without a job key. It lets a group commit on SQLite run from BEGIN to COMMIT in one turn of the
   * event loop (see writes/commitBatcher.ts).
   */
  enqueueManySync?(sqlite: SQLite.Database, jobs: ReadonlyArray<JobToEnqueue>): void;
  /** Runs `task` every `everyMs` (at most one pending occurrence, whatever the number of workers). */
  recurring(spec: RecurringTask): void;
  /** Starts working registered tasks in this process. */
  start(options?: WorkerOptions): Promise<void>;
  /** Stops taking jobs; waits for running ones, then aborts and releases what is left. */
  stop(): Promise<void>;
}

/** A failed run is retried after baseMs·2^(attempt-1), capped, with ±25 % jitter so retries spread out. */
export function backoffDelay(attempt: number, backoff: BackoffOptions, random: () => number = Math.random): number {
  const raw = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(raw * (0.75 + random() * 0.5)));
}

export const defaultQueueOptions = {
  maxAttempts: 10,
  backoff: { baseMs: 1000, maxMs: 5 * 60_000 },
  lockTimeoutMs: 30_000,
  pollIntervalMs: 1000,
  gracefulStopMs: 5000,
} satisfies Required<QueueOptions>;

export function resolveQueueOptions(options: QueueOptions): Required<QueueOptions> {
  return { ...defaultQueueOptions, ...options };
}

/** Raised by stop() into handlers that ignore the abort signal; the job is released, not failed. */
export class JobReleased extends Error {
  override name = 'JobReleased';
}
