/**
 * A worker process for the webhook crash test: the queue and the webhook worker on the test
 * store, nothing else. Prints "ready" once it takes jobs; the test kills it with SIGKILL.
 */
import { childWorkerParts } from '../support/childWorker.ts';
import { registerWebhookWorker } from '../../src/webhooks/worker.ts';

const { store, sealer, queue } = childWorkerParts();
// A long timeout: the attempt is still waiting for its answer when the test kills the process.
registerWebhookWorker(queue, { store, sealer }, { dispatchEveryMs: 50, timeoutMs: 5000, leaseMs: 6000 });
await queue.init();
await queue.start({ concurrency: 2 });
process.stdout.write('ready\n');
