import type { Kysely } from 'kysely';
import type { EnqueueOptions, JobPayload, JobQueue, JobToEnqueue, RecurringTask, WorkerOptions } from '../jobs/queue.ts';
import type { Database } from '../store/schema.ts';

/**
 * A queue that prepares itself (graphile-worker's schema migration and pool on PostgreSQL) only
 * when a job is first added or the worker starts. One-off commands (`keys list`, `migrate`) then
 * never pay for a queue they do not use, while the code that does enqueue needs no extra step.
 */
export class LazyQueue implements JobQueue {
  private ready: Promise<void> | undefined;
  /** The inner queue's, when it offers it (a queue that does needs no init). */
  readonly enqueueManySync: JobQueue['enqueueManySync'];

  constructor(private readonly inner: JobQueue) {
    this.enqueueManySync = inner.enqueueManySync?.bind(inner);
  }

  get kind(): JobQueue['kind'] {
    return this.inner.kind;
  }

  init(): Promise<void> {
    // A failed init is not cached: the next job tries again (the database may be back).
    this.ready ??= this.inner.init().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  register(task: string, handler: Parameters<JobQueue['register']>[1]): void {
    this.inner.register(task, handler);
  }

  recurring(spec: RecurringTask): void {
    this.inner.recurring(spec);
  }

  async enqueue(db: Kysely<Database>, task: string, payload: JobPayload, options?: EnqueueOptions): Promise<void> {
    await this.init();
    await this.inner.enqueue(db, task, payload, options);
  }

  async enqueueMany(db: Kysely<Database>, jobs: ReadonlyArray<JobToEnqueue>): Promise<void> {
    await this.init();
    await this.inner.enqueueMany(db, jobs);
  }

  async start(options?: WorkerOptions): Promise<void> {
    await this.init();
    await this.inner.start(options);
  }

  async stop(): Promise<void> {
    // A queue never initialised still owns resources (graphile's pool): stop releases them too.
    await this.inner.stop();
  }
}
