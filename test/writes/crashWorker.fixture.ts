/**
 * A worker process for the write crash test: the queue and the write worker on the test store,
 * nothing else. Prints "ready" once it takes jobs; the test kills it with SIGKILL.
 */
import { childWorkerParts } from '../support/childWorker.ts';
import { registerWriteWorker } from '../../src/writes/worker.ts';

const { store, sealer, queue } = childWorkerParts();
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
