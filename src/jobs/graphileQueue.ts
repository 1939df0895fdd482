import { EventEmitter } from 'node:events';
import { Logger, run, runMigrations, makeWorkerUtils, type JobHelpers, type Runner, type Task, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { Database } from '../store/schema.ts';
import {
  backoffDelay,
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
import { FetchPacer } from './fetchPacer.ts';
import { recurringKey, runRecurring } from './recurring.ts';

/**
 * What we store as graphile-worker's payload. Retries are ours (graphile's backoff is a fixed
 * e^attempts seconds): a failed run re-adds the job with the next attempt number and our backoff.
 */
interface Envelope {
  p: JobPayload;
  /** Our attempt number of this run's first lock (graphile counts re-locks after a crash on top). */
  a: number;
  m: number;
  q: string | null;
  k: string | null;
}

export interface GraphileQueueOptions extends QueueOptions {
  connectionString: string;
  /** graphile-worker's own schema (default graphile_worker). */
  schema?: string;
  /**
   * How often a worker deletes named queues no job uses any more (default 1 min): every PMS
   * application written to leaves one behind in graphile's job_queues table otherwise, and every
   * job fetch locks every such row (see FetchPacer): measured, a fetch took 3.3 ms with 300 queue
   * rows and 6.5 ms with 5,300.
   */
  gcIntervalMs?: number;
  /**
   * Connections graphile-worker may use (default 10, graphile's own default). It holds one for
   * LISTEN and needs about one per concurrently running job to fetch and complete them: a pool
   * smaller than the worker's concurrency starves it.
   */
  poolSize?: number;
  /**
   * Called when the workers cannot go on: the schema was migrated by a newer graphile-worker than
   * this process has (a rolling upgrade). Default: print the error and exit with code 57, so the
   * process manager starts the new version.
   */
  onFatal?: (err: Error) => void;
}

function exitOnFatal(err: Error): void {
  console.error(err.message);
  process.exit(57);
}

// A graphile-level attempt budget above ours: it only counts re-locks after crashes.
const CRASH_ALLOWANCE = 5;

/** graphile's max_attempts for a run: the attempts left of our budget, plus the crash allowance. */
const maxAttemptsOf = (env: Envelope): number => Math.min(32767, env.m - env.a + 1 + CRASH_ALLOWANCE);

/**
 * Runs an add_job(s) call with sequential scans off for it, and gives the transaction its setting
 * back after. add_jobs first clears the key of locked jobs that share a new job's key:
 * UPDATE jobs … FROM unnest(specs) WHERE jobs.key = spec.job_key AND is_available IS NOT TRUE.
 * When the jobs table grew faster than autovacuum re-analyzes it (a backlog: API processes
 * accepting while no worker drains, or a PMS outage), the planner takes it for small and scans it
 * whole on every call, for keyless jobs too; with no job locked that scan finds nothing and reads
 * every row (auto_explain: 16–27 ms a call on 87,000 jobs; accepts then cost the backend two to
 * four times as much). Without sequential scans the planner drives that UPDATE from the specs
 * through the key index, and add_jobs's joins to its tasks and queues go through their indexes.
 * The call sits in a subquery correlated to the FROM item that sets the setting, so it runs after it.
 */
const withoutSeqScan = (call: RawBuilder<unknown>) =>
  sql`SELECT (SELECT count(*) FROM ${call} WHERE guard.off IS NOT NULL), set_config('enable_seqscan', guard.was, true)
    FROM (SELECT current_setting('enable_seqscan') AS was, set_config('enable_seqscan', 'off', true) AS off) AS guard`;

const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`graphile-worker: ${message}`);
});

/**
 * PostgreSQL jobs through graphile-worker: add_job() runs on the caller's transaction, LISTEN/NOTIFY
 * wakes workers within milliseconds, named queues serialize, job keys deduplicate.
 * graphile only reclaims a dead worker's jobs after 4 hours, so workers heartbeat into
 * queue_workers and any live worker force-unlocks the jobs of workers that stopped beating.
 */
export class GraphileQueue implements JobQueue {
  readonly kind = 'graphile' as const;
  private readonly opts: Required<QueueOptions>;
  private readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurringTasks: RecurringTask[] = [];
  private readonly workerIds = new Set<string>();
  private runner: Runner | undefined;
  private utils: WorkerUtils | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private gcTimer: NodeJS.Timeout | undefined;
  private concurrency = 1;
  private readonly onFatal: (err: Error) => void;
  private readonly gcIntervalMs: number;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    options: GraphileQueueOptions,
  ) {
    this.opts = resolveQueueOptions(options);
    this.schema = options.schema ?? 'graphile_worker';
    this.gcIntervalMs = options.gcIntervalMs ?? 60_000;
    this.onFatal = options.onFatal ?? exitOnFatal;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`invalid graphile-worker schema name: ${this.schema}`);
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    this.pool.on('error', (err) => console.error('job queue: idle PostgreSQL connection failed', err.message));
    // graphile-worker checks that checked-out clients have an error handler too.
    this.pool.on('connect', (client) => client.on('error', (err) => console.error('job queue: PostgreSQL connection failed', err.message)));
  }

  async init(): Promise<void> {
    await runMigrations({ pgPool: this.pool, schema: this.schema, logger: quietLogger });
  }

  register(task: string, handler: JobHandler): void {
    this.handlers.set(task, handler);
  }

  recurring(spec: RecurringTask): void {
    this.recurringTasks.push(spec);
  }

  async enqueue(db: Kysely<Database>, task: string, payload: JobPayload, options: EnqueueOptions & { keepExisting?: boolean } = {}): Promise<void> {
    const max = options.maxAttempts ?? this.opts.maxAttempts;
    await this.addJob(db, task, { p: payload, a: 1, m: max, q: options.queueName ?? null, k: options.jobKey ?? null }, options);
  }

  /**
   * Jobs without a job key go in through add_jobs, graphile's batch form of add_job: one statement
   * and one plpgsql call for a whole group commit. add_jobs does not insert in the order it is
   * given, and a named queue runs its jobs in (priority, run_at, id) order, so two jobs of one
   * named queue never share a call: the n-th job of a queue in this batch goes in the n-th call
   * (almost always one call in all). Keyed jobs keep add_job's job_key_mode semantics, one at a time.
   */
  async enqueueMany(db: Kysely<Database>, jobs: ReadonlyArray<JobToEnqueue>): Promise<void> {
    type Spec = { identifier: string; payload: Envelope; queue_name: string | null; run_at: string | null; max_attempts: number; priority: number };
    const calls: Spec[][] = [];
    const perQueue = new Map<string, number>();
    for (const { task, payload, options = {} } of jobs) {
      if (options.jobKey) {
        await this.enqueue(db, task, payload, options);
        continue;
      }
      const env: Envelope = { p: payload, a: 1, m: options.maxAttempts ?? this.opts.maxAttempts, q: options.queueName ?? null, k: null };
      const n = env.q === null ? 0 : (perQueue.get(env.q) ?? 0);
      if (env.q !== null) perQueue.set(env.q, n + 1);
      (calls[n] ??= []).push({
        identifier: task,
        payload: env,
        queue_name: env.q,
        run_at: options.runAt?.toISOString() ?? null,
        max_attempts: maxAttemptsOf(env),
        priority: options.priority ?? 0,
      });
    }
    const schema = sql.id(this.schema);
    for (const specs of calls) {
      // A job without runAt is due now, by this process's clock, as enqueue() makes it.
      const now = new Date().toISOString();
      const json = JSON.stringify(specs.map((spec) => ({ ...spec, run_at: spec.run_at ?? now })));
      await withoutSeqScan(sql`${schema}.add_jobs(array(SELECT json_populate_recordset(null::${schema}.job_spec, ${json}::json)), false)`).execute(db);
    }
  }

  private async addJob(db: Kysely<Database>, task: string, env: Envelope, options: EnqueueOptions & { keepExisting?: boolean }): Promise<void> {
    await withoutSeqScan(sql`${sql.id(this.schema, 'add_job')}(
        identifier => ${task},
        payload => ${JSON.stringify(env)}::json,
        queue_name => ${env.q},
        run_at => ${(options.runAt ?? new Date()).toISOString()}::timestamptz,
        max_attempts => ${maxAttemptsOf(env)}::smallint,
        job_key => ${env.k},
        priority => ${options.priority ?? 0}::int,
        job_key_mode => ${options.keepExisting ? 'unsafe_dedupe' : 'replace'})`).execute(db);
  }

  async start(options: WorkerOptions = {}): Promise<void> {
    if (this.runner) return;
    this.utils = await makeWorkerUtils({ pgPool: this.pool, schema: this.schema, logger: quietLogger });
    for (const spec of this.recurringTasks) {
      await this.enqueue(this.db, spec.task, spec.payload ?? {}, { jobKey: recurringKey(spec.name), keepExisting: true });
    }
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    await this.startRunner();
    await this.heartbeat();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(this.opts.lockTimeoutMs / 3)));
    this.gcTimer = setInterval(() => void this.gcQueues().catch((err: unknown) => console.error('job queue: queue cleanup failed', err)), this.gcIntervalMs);
    this.gcTimer.unref();
  }

  private async startRunner(): Promise<void> {
    const taskList: Record<string, Task> = {};
    for (const [name, handler] of this.handlers) taskList[name] = (payload, helpers) => this.execute(name, handler, payload as Envelope, helpers);
    const events = new EventEmitter() as WorkerEvents;
    // Jobs are locked by the pool's id (batched fetches) or a worker's id: both must be unlockable.
    let poolId: string | undefined;
    events.on('pool:create', ({ workerPool }) => this.workerIds.add((poolId = workerPool.id)));
    events.on('worker:create', ({ worker }) => this.workerIds.add(worker.workerId));
    const pacer = new FetchPacer({ pollIntervalMs: this.opts.pollIntervalMs });
    const released = new Set<string>();
    events.on('worker:release', ({ worker }) => {
      this.workerIds.delete(worker.workerId);
      released.add(worker.workerId);
      pacer.forget(worker.workerId);
    });
    events.on('job:start', ({ worker }) => {
      pacer.release();
      pacer.found(worker.workerId);
    });
    events.on('worker:getJob:error', () => pacer.release());
    events.on('worker:getJob:empty', ({ worker }) => {
      pacer.release();
      const delay = released.has(worker.workerId) || this.stopped ? null : pacer.retryDelay(worker.workerId);
      if (delay === null) return;
      // nudge() fetches at once if the worker is idle (else it retries after its current fetch).
      setTimeout(() => {
        if (!released.has(worker.workerId) && !this.stopped) worker.nudge();
      }, delay).unref();
    });
    const runner = await run({
      events,
      pgPool: this.pool,
      schema: this.schema,
      concurrency: this.concurrency,
      taskList,
      noHandleSignals: true,
      // One fetch at a time per process: see FetchPacer (named queues lock each other out).
      forbiddenFlags: () => pacer.acquire(),
      pollInterval: this.opts.pollIntervalMs,
      gracefulShutdownAbortTimeout: this.opts.gracefulStopMs,
      logger: quietLogger,
    });
    if (this.stopped) {
      // stop() came while a restart was starting this runner.
      await runner.stop();
      return;
    }
    this.runner = runner;
    runner.promise
      .then(
        () => this.runnerEnded(runner, poolId, undefined),
        (err: unknown) => this.runnerEnded(runner, poolId, err),
      )
      .catch((err: unknown) => console.error('job queue: restarting graphile-worker failed', err));
  }

  /**
   * graphile-worker stopped its pool without being asked to. It does so when it hears of a breaking
   * migration of its tables — from any schema of the database, as its NOTIFY channel
   * ("worker:migrate") is database-wide: another deployment or a test creating its own queue schema
   * is enough — and when it gives up on the database. Left alone, the process would live on,
   * heartbeat and all, and never take a job again. So: check our own schema (graphile refuses to
   * run on one migrated past what this version knows) and start a new pool, retrying with backoff;
   * if the schema really moved on, stop the process through onFatal.
   */
  private async runnerEnded(runner: Runner, poolId: string | undefined, err: unknown): Promise<void> {
    if (this.stopped || this.runner !== runner) return;
    this.runner = undefined;
    // The stopped pool released its jobs; it no longer heartbeats.
    if (poolId) {
      this.workerIds.delete(poolId);
      await this.db.deleteFrom('queue_workers').where('id', '=', poolId).execute().catch(() => undefined);
    }
    // graphile sets exit code 57 for a process it expects to exit; this one carries on.
    if (process.exitCode === 57) process.exitCode = undefined;
    console.error(`job queue: graphile-worker stopped its workers${err ? ` (${String(err)})` : ''}; checking the "${this.schema}" schema and starting them again`);
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await runMigrations({ pgPool: this.pool, schema: this.schema, logger: quietLogger });
        if (this.stopped) return;
        await this.startRunner();
        if (process.exitCode === 57) process.exitCode = undefined;
        console.error('job queue: graphile-worker workers running again');
        return;
      } catch (e) {
        if (e instanceof Error && /unsafe to continue/.test(e.message)) {
          this.onFatal(new Error(`job queue: ${e.message} Upgrade this process to the Leasewire version that migrated the "${this.schema}" schema.`));
          return;
        }
        const waitMs = Math.min(30_000, 500 * 2 ** attempt);
        console.error(`job queue: restarting graphile-worker failed (${String(e)}); trying again in ${waitMs} ms`);
        await new Promise((r) => setTimeout(r, waitMs).unref());
      }
    }
  }

  /** Deletes graphile's named queues that no job references (GC_JOB_QUEUES); safe with running workers. */
  async gcQueues(): Promise<void> {
    const utils = this.utils ?? (await makeWorkerUtils({ pgPool: this.pool, schema: this.schema, logger: quietLogger }));
    await utils.cleanup({ tasks: ['GC_JOB_QUEUES'] });
    if (utils !== this.utils) await utils.release();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.gcTimer);
    const runner = this.runner;
    this.runner = undefined;
    // A runner that stopped on its own (see runnerEnded) refuses a second stop.
    if (runner) await runner.stop().catch((err: unknown) => void (String(err).includes('already stopped') || console.error('job queue: stopping graphile-worker failed', err)));
    if (this.workerIds.size > 0) await this.db.deleteFrom('queue_workers').where('id', 'in', [...this.workerIds]).execute();
    this.workerIds.clear();
    await this.utils?.release();
    this.utils = undefined;
    await this.pool.end();
  }

  private async execute(task: string, handler: JobHandler, env: Envelope, helpers: JobHelpers): Promise<void> {
    const attempt = env.a + helpers.job.attempts - 1;
    const signal = helpers.abortSignal;
    try {
      if (attempt > env.m) throw new Error('the job lost its worker after its last attempt');
      await handler(env.p, { id: helpers.job.id, task, attempt, maxAttempts: env.m, queueName: env.q, signal });
    } catch (err) {
      const options = { queueName: env.q ?? undefined, jobKey: env.k ?? undefined };
      if (signal.aborted) {
        // Released: the same attempt runs again as soon as a worker is free.
        return this.addJob(this.db, task, { ...env, a: attempt }, options);
      }
      if (attempt < env.m) {
        const runAt = new Date(Date.now() + backoffDelay(attempt, this.opts.backoff));
        return this.addJob(this.db, task, { ...env, a: attempt + 1 }, { ...options, runAt });
      }
      helpers.logger.error(`job ${helpers.job.id} (${task}) failed after ${attempt} attempts: ${String(err)}`);
    }
    await runRecurring(this.recurringTasks, env.k, (spec) =>
      this.enqueue(this.db, spec.task, spec.payload ?? {}, { jobKey: recurringKey(spec.name), runAt: new Date(Date.now() + spec.everyMs) }),
    );
  }

  private async heartbeat(): Promise<void> {
    try {
      const now = new Date().toISOString();
      for (const id of this.workerIds) {
        await this.db
          .insertInto('queue_workers')
          .values({ id, kind: 'graphile', heartbeat_at: now })
          .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
          .execute();
      }
      const stale = await this.db
        .selectFrom('queue_workers')
        .select('id')
        .where('kind', '=', 'graphile')
        .where('heartbeat_at', '<', new Date(Date.now() - this.opts.lockTimeoutMs).toISOString())
        .execute();
      if (stale.length > 0 && this.utils) {
        const ids = stale.map((s) => s.id);
        await this.utils.forceUnlockWorkers(ids);
        await this.db.deleteFrom('queue_workers').where('id', 'in', ids).execute();
      }
    } catch (err) {
      console.error('job queue: heartbeat failed', err);
    }
  }
}
