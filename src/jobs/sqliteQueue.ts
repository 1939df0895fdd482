import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { preparedOn, rawSqlite } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import {
  backoffDelay,
  JobReleased,
  resolveQueueOptions,
  type EnqueueOptions,
  type JobHandler,
  type JobPayload,
  type JobQueue,
  type JobToEnqueue,
  type QueueOptions,
  type RecurringTask,
  type WorkerOptions,
} from './queue.ts';
import type { QueueJobTable } from './tables.ts';
import { recurringKey, runRecurring } from './recurring.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const queueColumns = [
  'id', 'task', 'payload', 'queue_name', 'job_key', 'run_at', 'priority', 'attempts', 'max_attempts', 'last_error', 'locked_at', 'locked_by', 'created_at', 'failed_at',
] as const satisfies ReadonlyArray<keyof QueueJobTable>;
/** The queue_jobs insert run on a transaction's own connection (prepared once, see preparedOn). */
const insertSql = `INSERT INTO queue_jobs (${queueColumns.join(', ')}) VALUES (${queueColumns.map(() => '?').join(', ')})`;

/**
 * The embedded queue: jobs are rows of queue_jobs in the same SQLite file as everything else, so
 * a job commits with the caller's transaction. Claims are single UPDATE … RETURNING statements
 * (atomic under SQLite's one writer), which also keeps several processes on one file safe.
 */
export class SqliteQueue implements JobQueue {
  readonly kind = 'sqlite' as const;
  private readonly opts: Required<QueueOptions>;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurringTasks: RecurringTask[] = [];
  private readonly workerId = newId('w_');
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private concurrency = 1;
  private running = false;
  private filling = false;
  private refill = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    options: QueueOptions = {},
  ) {
    this.opts = resolveQueueOptions(options);
  }

  async init(): Promise<void> {
    // queue_jobs comes with the store's migrations.
  }

  register(task: string, handler: JobHandler): void {
    this.handlers.set(task, handler);
  }

  recurring(spec: RecurringTask): void {
    this.recurringTasks.push(spec);
  }

  async enqueue(db: Kysely<Database>, task: string, payload: JobPayload, options: EnqueueOptions & { keepExisting?: boolean } = {}): Promise<void> {
    try {
      await this.enqueueOnce(db, task, payload, options);
    } catch (err) {
      // Two enqueues of one job key raced between the look-up and the insert: the other one's row
      // exists now, so a second pass finds it and follows the key's rule (keep or replace).
      const code = (err as { code?: unknown } | null)?.code;
      if (!options.jobKey || (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY')) throw err;
      await this.enqueueOnce(db, task, payload, options);
    }
  }

  /** A pending queue_jobs row, due now unless runAt says otherwise. */
  private newRow(task: string, payload: JobPayload, options: EnqueueOptions): QueueJobTable {
    const now = Date.now();
    return {
      id: newId('qj_'),
      task,
      payload: JSON.stringify(payload),
      queue_name: options.queueName ?? null,
      job_key: options.jobKey ?? null,
      run_at: iso(options.runAt?.getTime() ?? now),
      priority: options.priority ?? 0,
      attempts: 0,
      max_attempts: options.maxAttempts ?? this.opts.maxAttempts,
      last_error: null,
      locked_at: null,
      locked_by: null,
      created_at: iso(now),
      failed_at: null,
    };
  }

  private async enqueueOnce(db: Kysely<Database>, task: string, payload: JobPayload, options: EnqueueOptions & { keepExisting?: boolean }): Promise<void> {
    const row = this.newRow(task, payload, options);
    if (row.job_key) {
      const existing = await db.selectFrom('queue_jobs').select(['id', 'locked_at']).where('job_key', '=', row.job_key).executeTakeFirst();
      if (existing && options.keepExisting) return;
      if (existing && existing.locked_at === null) {
        // Same semantics as graphile-worker's job_key_mode "replace".
        const { id: _id, created_at: _c, ...update } = row;
        await db.updateTable('queue_jobs').set(update).where('id', '=', existing.id).execute();
        this.wake();
        return;
      }
      // A running job keeps running; the new one takes over the key.
      if (existing) await db.updateTable('queue_jobs').set({ job_key: null }).where('id', '=', existing.id).execute();
    }
    const sqlite = db.isTransaction ? rawSqlite(db) : undefined;
    // In the caller's transaction (its connection is held): a statement prepared once, run at once.
    if (sqlite) preparedOn(sqlite, insertSql).run(queueColumns.map((c) => row[c]));
    else await db.insertInto('queue_jobs').values(row).execute();
    this.wake();
  }

  async start(options: WorkerOptions = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    for (const spec of this.recurringTasks) {
      await this.enqueue(this.db, spec.task, spec.payload ?? {}, { jobKey: recurringKey(spec.name), keepExisting: true });
    }
    this.pollTimer = setInterval(() => this.wake(), this.opts.pollIntervalMs);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(this.opts.lockTimeoutMs / 3)));
    this.wake();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.dueTimer);
    const pending = [...this.inFlight.values()];
    if (pending.length === 0) return;
    const all = Promise.allSettled(pending.map((p) => p.done));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.opts.gracefulStopMs).unref());
    if ((await Promise.race([all, timeout])) !== 'timeout') return;
    for (const p of pending) p.controller.abort(new JobReleased('the worker is stopping'));
    // A handler that ignores the signal gets a short grace; its job is released either way.
    await Promise.race([all, new Promise((r) => setTimeout(r, 1000).unref())]);
    for (const id of this.inFlight.keys()) await this.release(id);
  }

  private wake(): void {
    if (!this.running) return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    setImmediate(() => void this.fill());
  }

  private async fill(): Promise<void> {
    if (this.filling || !this.running) return;
    this.filling = true;
    try {
      do {
        this.refill = false;
        while (this.running && this.inFlight.size < this.concurrency) {
          const job = await this.claim();
          if (!job) {
            await this.armDueTimer();
            break;
          }
          this.launch(job);
        }
      } while (this.refill && this.running);
    } catch (err) {
      console.error('job queue: could not claim a job', err);
    } finally {
      this.filling = false;
    }
  }

  /**
   * Takes the first due job in (priority, run_at, id) order whose named queue runs nothing else.
   * INDEXED BY: left to itself the planner took the run_at index and sorted every due job on every
   * claim, so a backlog of 20,000 jobs cost ~18 ms of CPU per job; walking queue_jobs_next in order
   * stops at the first job that qualifies.
   */
  private async claim(): Promise<QueueJobTable | undefined> {
    const now = Date.now();
    const stale = iso(now - this.opts.lockTimeoutMs);
    const tasks = [...this.handlers.keys()];
    if (tasks.length === 0) return undefined;
    const result = await sql<QueueJobTable>`
      UPDATE queue_jobs SET locked_at = ${iso(now)}, locked_by = ${this.workerId}, attempts = attempts + 1
      WHERE id = (
        SELECT j.id FROM queue_jobs j INDEXED BY queue_jobs_next
        WHERE j.failed_at IS NULL AND j.run_at <= ${iso(now)}
          AND (j.locked_at IS NULL OR j.locked_at < ${stale})
          AND j.task IN (${sql.join(tasks)})
          AND (j.queue_name IS NULL OR NOT EXISTS (
            SELECT 1 FROM queue_jobs k
            WHERE k.queue_name = j.queue_name AND k.id <> j.id AND k.locked_at >= ${stale}))
        ORDER BY j.priority, j.run_at, j.id
        LIMIT 1)
      RETURNING *`.execute(this.db);
    return result.rows[0];
  }

  async enqueueMany(db: Kysely<Database>, jobs: ReadonlyArray<JobToEnqueue>): Promise<void> {
    // Each insert is a prepared statement run on the transaction's connection: nothing to batch.
    for (const job of jobs) await this.enqueue(db, job.task, job.payload, job.options);
  }

  enqueueManySync(sqlite: SQLite.Database, jobs: ReadonlyArray<JobToEnqueue>): void {
    if (!sqlite.inTransaction) throw new Error('enqueueManySync runs inside the caller\'s open transaction: BEGIN on that connection first');
    const insert = preparedOn(sqlite, insertSql);
    for (const { task, payload, options = {} } of jobs) {
      if (options.jobKey) throw new Error(`enqueueManySync does not take job keys ("${options.jobKey}"): enqueue keyed jobs with enqueueMany`);
      const row = this.newRow(task, payload, options);
      insert.run(queueColumns.map((c) => row[c]));
    }
    if (jobs.length > 0) this.wake();
  }

  /** Wakes up when the next delayed job comes due, so retries do not wait for the poll. */
  private async armDueTimer(): Promise<void> {
    const next = await this.db
      .selectFrom('queue_jobs')
      .select((eb) => eb.fn.min('run_at').as('run_at'))
      .where('failed_at', 'is', null)
      .where('locked_at', 'is', null)
      .where('run_at', '>', iso(Date.now()))
      .executeTakeFirst();
    clearTimeout(this.dueTimer);
    if (!next?.run_at || !this.running) return;
    const delay = Date.parse(next.run_at) - Date.now();
    if (delay < this.opts.pollIntervalMs) this.dueTimer = setTimeout(() => this.wake(), Math.max(1, delay + 1));
  }

  private launch(job: QueueJobTable): void {
    const controller = new AbortController();
    const done = this.execute(job, controller.signal).finally(() => {
      this.inFlight.delete(job.id);
      this.wake();
    });
    this.inFlight.set(job.id, { controller, done });
  }

  private async execute(job: QueueJobTable, signal: AbortSignal): Promise<void> {
    const handler = this.handlers.get(job.task);
    try {
      if (!handler) throw new Error(`no handler registered for task "${job.task}"`);
      if (job.attempts > job.max_attempts) throw new Error('the job lost its worker after its last attempt');
      const payload = JSON.parse(job.payload) as JobPayload;
      await handler(payload, {
        id: job.id,
        task: job.task,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        queueName: job.queue_name,
        signal,
        complete: async (trx) => void (await this.removeJob(trx, job.id)),
      });
      // A no-op (no page written) when the handler completed the job in its own transaction.
      await this.removeJob(this.db, job.id);
      await this.scheduleNextRecurring(job);
    } catch (err) {
      if (signal.aborted) return this.release(job.id);
      const message = err instanceof Error ? err.message : String(err);
      const last = job.attempts >= job.max_attempts;
      await this.db
        .updateTable('queue_jobs')
        .set({
          locked_at: null,
          locked_by: null,
          last_error: message.slice(0, 2000),
          ...(last ? { failed_at: iso(Date.now()) } : { run_at: iso(Date.now() + backoffDelay(job.attempts, this.opts.backoff)) }),
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
      if (last) await this.scheduleNextRecurring(job);
    }
  }

  private removeJob(db: Kysely<Database>, id: string) {
    return db.deleteFrom('queue_jobs').where('id', '=', id).where('locked_by', '=', this.workerId).execute();
  }

  private async scheduleNextRecurring(job: QueueJobTable): Promise<void> {
    await runRecurring(this.recurringTasks, job.job_key, (spec) =>
      this.enqueue(this.db, spec.task, spec.payload ?? {}, { jobKey: recurringKey(spec.name), runAt: new Date(Date.now() + spec.everyMs) }),
    );
  }

  private async release(id: string): Promise<void> {
    await this.db
      .updateTable('queue_jobs')
      .set((eb) => ({ locked_at: null, locked_by: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', id)
      .where('locked_by', '=', this.workerId)
      .execute();
  }

  private async heartbeat(): Promise<void> {
    if (this.inFlight.size === 0) return;
    try {
      await this.db
        .updateTable('queue_jobs')
        .set({ locked_at: iso(Date.now()) })
        .where('locked_by', '=', this.workerId)
        .where('id', 'in', [...this.inFlight.keys()])
        .execute();
    } catch (err) {
      console.error('job queue: heartbeat failed', err);
    }
  }
}
