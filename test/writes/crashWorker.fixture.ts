/**
 * A worker process for the write crash test: the queue and the write worker on the test store,
 * nothing else. Prints "ready" once it takes jobs; the test kills it with SIGKILL.
 */
import { createQueue } from '../../src/jobs/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore } from '../../src/store/db.ts';
import { registerWriteWorker } from '../../src/writes/worker.ts';

const store = openStore({
  databaseUrl: process.env.LW_DATABASE_URL || undefined,
  sqlitePath: process.env.LW_SQLITE_PATH,
  ...(process.env.LW_PG_SCHEMA ? { pgSchema: process.env.LW_PG_SCHEMA } : {}),
});
const sealer = new Sealer(Buffer.from(process.env.LW_SECRET_KEY ?? '', 'hex'));
// A short lock timeout: the next worker takes over a killed one's jobs within a second or two.
const queue = createQueue(store, { databaseUrl: process.env.LW_DATABASE_URL, lockTimeoutMs: 1500, pollIntervalMs: 100, backoff: { baseMs: 20, maxMs: 200 } });
registerWriteWorker(queue, { store, sealer });
await queue.init();
await queue.start({ concurrency: 4 });
process.stdout.write('ready\n');
const stop = async () => {
  await queue.stop();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
