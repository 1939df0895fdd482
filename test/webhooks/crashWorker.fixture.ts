/**
 * A worker process for the webhook crash test: the queue and the webhook worker on the test
 * store, nothing else. Prints "ready" once it takes jobs; the test kills it with SIGKILL.
 */
import { createQueue } from '../../src/jobs/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore } from '../../src/store/db.ts';
import { registerWebhookWorker } from '../../src/webhooks/worker.ts';

const store = openStore({
  databaseUrl: process.env.LW_DATABASE_URL || undefined,
  sqlitePath: process.env.LW_SQLITE_PATH,
  ...(process.env.LW_PG_SCHEMA ? { pgSchema: process.env.LW_PG_SCHEMA } : {}),
});
const sealer = new Sealer(Buffer.from(process.env.LW_SECRET_KEY ?? '', 'hex'));
const queue = createQueue(store, { databaseUrl: process.env.LW_DATABASE_URL, lockTimeoutMs: 1500, pollIntervalMs: 100, backoff: { baseMs: 20, maxMs: 200 } });
// A long timeout: the attempt is still waiting for its answer when the test kills the process.
registerWebhookWorker(queue, { store, sealer }, { dispatchEveryMs: 50, timeoutMs: 5000, leaseMs: 6000 });
await queue.init();
await queue.start({ concurrency: 2 });
process.stdout.write('ready\n');
