/**
 * A worker process for the queue's crash test: it takes the job of task "hang", says so on stdout
 * and never finishes, so that the test can kill -9 it while it holds the lock.
 */
import { openStore } from '../store/db.ts';
import { createQueue } from './index.ts';

const store = openStore({
  databaseUrl: process.env.LW_DATABASE_URL || undefined,
  sqlitePath: process.env.LW_SQLITE_PATH,
  ...(process.env.LW_PG_SCHEMA ? { pgSchema: process.env.LW_PG_SCHEMA } : {}),
});
const queue = createQueue(store, { databaseUrl: process.env.LW_DATABASE_URL, lockTimeoutMs: 60_000, pollIntervalMs: 50 });
const started: { ready?: Promise<void> } = {};
queue.register('hang', async () => {
  // Only report once the worker's heartbeat row exists, so the lock is attributable to this process.
  await started.ready;
  process.stdout.write('started\n');
  await new Promise(() => {});
});
await queue.init();
started.ready = queue.start({ concurrency: 1 });
await started.ready;
