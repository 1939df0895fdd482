/**
 * Child processes of the writes benchmark (bench/suites/writes.ts), forked with the tsx loader;
 * each answers { port, … } over IPC once listening and exits on SIGTERM or when the parent goes.
 *
 *   WRITES_ROLE=sandbox  the Entrata sandbox (small set, no latency), in a process of its own
 *   WRITES_ROLE=api      the Leasewire API with the job queue and write worker running in it
 *                        (embedded mode), on WRITES_SQLITE_PATH or WRITES_DATABASE_URL + WRITES_PG_SCHEMA;
 *                        WRITES_NO_WORKER=1 runs the API alone, without the worker, until the
 *                        parent sends { cmd: 'start-worker' } (answered { started: true })
 */
import type { FastifyInstance } from 'fastify';
import { startSandbox } from '../../sandbox/entrata/index.ts';
import { buildApp } from '../../src/api/app.ts';
import { ApiActivity, giveWayTo } from '../../src/jobs/giveWay.ts';
import { createQueue } from '../../src/jobs/index.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { registerWriteWorker } from '../../src/writes/worker.ts';

async function api(): Promise<{ app: FastifyInstance; startWorker: () => Promise<void>; stop: () => Promise<void> }> {
  const databaseUrl = process.env.WRITES_DATABASE_URL || undefined;
  const pgSchema = process.env.WRITES_PG_SCHEMA;
  const store: Store = openStore({ databaseUrl, sqlitePath: process.env.WRITES_SQLITE_PATH, ...(pgSchema ? { pgSchema } : {}), checkpointInThread: true });
  const sealer = new Sealer(Buffer.from(process.env.WRITES_SECRET_KEY ?? '', 'hex'));
  // As in openRuntime: the worker of an API process gives way to the API while it is busy.
  const activity = new ApiActivity();
  const queue: JobQueue = giveWayTo(createQueue(store, { databaseUrl, pollIntervalMs: 200, backoff: { baseMs: 50, maxMs: 1000 } }), activity);
  registerWriteWorker(queue, { store, sealer });
  await queue.init();
  const startWorker = () => queue.start({ concurrency: 8 });
  if (!process.env.WRITES_NO_WORKER) await startWorker();
  const app = await buildApp({ store, sealer, queue, activity }, { logger: false, rateLimitPerMinute: 1_000_000_000 });
  return {
    app,
    startWorker,
    stop: async () => {
      await app.close();
      await queue.stop();
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  let stop: () => Promise<void>;
  if (process.env.WRITES_ROLE === 'sandbox') {
    const sandbox = await startSandbox({ port: 0, seed: 7, size: 'small', quiet: true, rateLimits: { '*': '1000000000/MINUTE' } });
    stop = () => sandbox.close();
    process.send?.({ port: Number(new URL(sandbox.url).port), url: sandbox.url, info: sandbox.info });
  } else if (process.env.WRITES_ROLE === 'api') {
    const s = await api();
    stop = s.stop;
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const address = s.app.server.address();
    process.on('message', (m: unknown) => {
      if ((m as { cmd?: unknown } | null)?.cmd !== 'start-worker') return;
      void s.startWorker().then(() => process.send?.({ started: true }));
    });
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  } else {
    throw new Error(`WRITES_ROLE must be "sandbox" or "api", got ${String(process.env.WRITES_ROLE)}`);
  }
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('disconnect', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
