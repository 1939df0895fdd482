import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp, type AppOptions } from '../../src/api/app.ts';
import type { AppDeps } from '../../src/api/deps.ts';
import { createQueue } from '../../src/jobs/index.ts';
import type { JobQueue, QueueOptions } from '../../src/jobs/queue.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { registerWriteWorker } from '../../src/writes/worker.ts';
import { noPms } from './noPms.ts';
import { openTestStore, type TestStore } from './store.ts';

export interface TestTenant {
  accountId: string;
  apiKey: string;
  headers: { authorization: string };
}

export interface TestContext {
  store: TestStore;
  deps: AppDeps;
  app: FastifyInstance;
  /** The main tenant the test acts as. */
  tenant: TestTenant;
  /** A second tenant, for "another account cannot see it" tests. */
  other: TestTenant;
  close(): Promise<void>;
}

export async function createTenant(store: TestStore, name: string): Promise<TestTenant> {
  const account = await createAccount(store.db, name);
  const { key } = await createApiKey(store.db, account.id, `${name} key`);
  return { accountId: account.id, apiKey: key, headers: { authorization: `Bearer ${key}` } };
}

export interface TestContextSetup {
  /** Use this store (e.g. a sync harness's) instead of a fresh one; the caller cleans it up. */
  store?: TestStore;
  /**
   * A job queue with the write worker, run in the test process as embedded mode does (opt-in:
   * read-only tests stay light). `start: false` only takes jobs, so they stay PENDING.
   */
  worker?: boolean | { start?: boolean; concurrency?: number; queue?: QueueOptions };
}

/** Retries in milliseconds rather than seconds, so fault tests stay short. */
export const fastQueueOptions: QueueOptions = { backoff: { baseMs: 20, maxMs: 200 }, pollIntervalMs: 100, lockTimeoutMs: 10_000, gracefulStopMs: 2000 };

/** A queue on the test store with the write worker registered (started when `start` is set). */
export async function startTestQueue(store: TestStore, sealer: Sealer, setup: { start: boolean; concurrency?: number; queue?: QueueOptions }): Promise<JobQueue> {
  const queue = createQueue(store, { databaseUrl: store.databaseUrl, ...fastQueueOptions, ...setup.queue });
  await queue.init();
  registerWriteWorker(queue, { store, sealer });
  if (setup.start) await queue.start({ concurrency: setup.concurrency ?? 4 });
  return queue;
}

/** Stops the queue and drops graphile-worker's schema of a PostgreSQL test store. */
export async function stopTestQueue(store: TestStore, queue: JobQueue | undefined): Promise<void> {
  await queue?.stop();
  if (store.pgSchema) await sql.raw(`DROP SCHEMA IF EXISTS ${store.pgSchema}_worker CASCADE`).execute(store.db);
}

/**
 * A migrated store, an app on it (not listening: use app.inject), and two tenants. The app reaches
 * no PMS (credentials are saved as unreachable) unless extraDeps gives it a pmsFetch.
 */
export async function createTestContext(options: AppOptions = {}, extraDeps: Partial<AppDeps> = {}, setup: TestContextSetup = {}): Promise<TestContext> {
  const store = setup.store ?? (await openTestStore());
  const deps: AppDeps = { store, sealer: new Sealer(randomBytes(32)), pmsFetch: noPms, ...extraDeps };
  if (setup.worker) {
    const w = setup.worker === true ? {} : setup.worker;
    deps.queue = await startTestQueue(store, deps.sealer, { ...w, start: w.start ?? true });
  }
  const app = await buildApp(deps, { rateLimitPerMinute: 100_000, ...options });
  await app.ready();
  const tenant = await createTenant(store, 'Acme Leasing');
  const other = await createTenant(store, 'Other Co');
  return {
    store,
    deps,
    app,
    tenant,
    other,
    close: async () => {
      await app.close();
      if (setup.worker) await stopTestQueue(store, deps.queue);
      if (!setup.store) await store.cleanup();
    },
  };
}
