import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { AppDeps } from '../api/deps.ts';
import { Sealer } from '../lib/crypto.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { ApiActivity, giveWayTo } from '../jobs/giveWay.ts';
import { createQueue } from '../jobs/index.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { registerWriteWorker } from '../writes/worker.ts';
import { registerSyncWorker } from '../sync/worker.ts';
import { registerWebhookWorker } from '../webhooks/worker.ts';
import { instrumentQueue } from '../observability/jobMetrics.ts';
import { logJobOutcomes, type JobLogger } from '../observability/jobLog.ts';
import { setPrivateNetworks } from '../lib/outboundPolicy.ts';
import { LazyQueue } from './lazyQueue.ts';
import { loadOrCreateSecretKey, verifySecretKey } from './secretKey.ts';

export interface Runtime {
  config: Config;
  store: Store;
  deps: AppDeps;
  /** Migrations this start applied (empty when the schema was already up to date). */
  appliedMigrations: string[];
  /** Stops the job worker (waiting for running jobs), then closes the store. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * A long-running process (the API, a worker): on SQLite, WAL checkpoints run in a thread of
   * their own rather than inside commits on the event loop (store/walCheckpointer.ts).
   */
  longRunning?: boolean;
  /**
   * Work jobs in this process (the API process in embedded mode, `leasewire worker`). Without it
   * the queue only takes jobs (enqueue), e.g. for one-off CLI commands.
   */
  startWorker?: boolean;
  /** Jobs run at once by this process (default 8; jobs of one PMS application never overlap). */
  workerConcurrency?: number;
  /** Told what each write and sync job this process works came to (`leasewire start` logs it). */
  jobLog?: JobLogger;
}

/** Opens the store, applies migrations and checks the secret key: what every process does first. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const store = openStore({
    databaseUrl: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'leasewire.db'),
    ...(config.pgSchema ? { pgSchema: config.pgSchema } : {}),
    checkpointInThread: options.longRunning === true,
  });
  let queue: JobQueue | undefined;
  try {
    // Reach the database first, so an unreachable server is reported as such, not as a failed migration.
    await sql`select 1`.execute(store.db);
    // A dedicated schema is created on first use, like the SQLite file is.
    if (store.pgSchema) await sql`create schema if not exists ${sql.id(store.pgSchema)}`.execute(store.db);
    const appliedMigrations = await migrateToLatest(store.db, store.pgSchema);
    const sealer = new Sealer(loadOrCreateSecretKey(config.secretKey, config.dataDir));
    await verifySecretKey(store.db, sealer);
    // Process-wide, before the worker or the API can call a tenant's URL (set once the store opened,
    // so a start that fails leaves the process as it was).
    setPrivateNetworks(config.privateNetworks);
    // Lazy: commands that never add or work a job (keys, migrate) never set the queue up.
    const concurrency = options.workerConcurrency ?? 8;
    // A worker in an API process gives way to the API while it serves requests (jobs/giveWay.ts).
    const activity = new ApiActivity();
    const instrumented = instrumentQueue(new LazyQueue(createQueue(store, { databaseUrl: config.databaseUrl, ...(options.startWorker ? { concurrency } : {}) })));
    queue = giveWayTo(options.jobLog ? logJobOutcomes(instrumented, store.db, options.jobLog) : instrumented, activity);
    registerWriteWorker(queue, { store, sealer });
    registerSyncWorker(queue, { store, sealer });
    registerWebhookWorker(queue, { store, sealer });
    if (options.startWorker) await queue.start({ concurrency });
    const deps: AppDeps = { store, sealer, queue, activity };
    const running = queue;
    const close = async () => {
      try {
        await running.stop();
      } finally {
        await store.close();
      }
    };
    return { config, store, deps, appliedMigrations, close };
  } catch (err) {
    await queue?.stop();
    await store.close();
    throw err;
  }
}
