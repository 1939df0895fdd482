import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startSandbox } from '../../sandbox/entrata/index.ts';
import { buildApp } from '../../src/api/app.ts';
import type { AppDeps } from '../../src/api/deps.ts';
import { createIntegration } from '../../src/integrations/service.ts';
import { createQueue } from '../../src/jobs/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { setPrivateNetworks } from '../../src/lib/outboundPolicy.ts';
import { demoTarget } from '../../src/runtime/demo.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { runSync } from '../../src/sync/engine.ts';
import { registerSyncWorker } from '../../src/sync/worker.ts';
import { createWebhook } from '../../src/webhooks/service.ts';
import { registerWebhookWorker } from '../../src/webhooks/worker.ts';
import { registerWriteWorker } from '../../src/writes/worker.ts';
import { fastQueueOptions } from '../support/app.ts';
import { seedIntegration, seedRecords } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

/**
 * What the browser suite drives: an Entrata sandbox, a Leasewire API with its worker (retries in
 * milliseconds, as the e2e suites run them) on 127.0.0.1 and a free port, a webhook receiver whose
 * answer the test sets, and two accounts. Account A has the synced sandbox integration and a
 * webhook; account B has its own integration, person and webhook, which A must never see.
 * Prints one line `BROWSER_FIXTURE {json}` when ready; stops on SIGTERM.
 */
const store = await openTestStore();
const sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true });
const sealer = new Sealer(randomBytes(32));
setPrivateNetworks('allow');

let receiverStatus = 410;
const receiver = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  req.resume();
  req.on('end', () => {
    if (url.pathname === '/control') {
      receiverStatus = Number(url.searchParams.get('status') ?? 200);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(receiverStatus, { 'content-type': 'text/plain' }).end(receiverStatus < 300 ? 'ok' : 'gone: this receiver refuses deliveries for now');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const accountA = await createAccount(store.db, 'Demo Leasing');
const accountB = await createAccount(store.db, 'Other Co');
const keyA = (await createApiKey(store.db, accountA.id, 'dashboard A')).key;
const keyB = (await createApiKey(store.db, accountB.id, 'dashboard B')).key;
const credentials = { subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: sandbox.info.password, base_url: sandbox.url };
// As a client creates one (POST /v1/admin/integrations/): sealed credentials and their summary.
const integration = await createIntegration({ store, sealer }, accountA.id, { integration_vendor: 'ENTRATA', name: 'Entrata sandbox', credentials, active: true });
const first = await runSync({ store, sealer }, integration.id);
if (first.error) throw new Error(`the first sync of the sandbox failed: ${first.error}`);
const target = await demoTarget(store.db, integration.id, sandbox.info.examples.leadApplicationId ?? null);
if (!target) throw new Error('the sandbox has no lead with a Notes event type');
await createWebhook({ store, sealer }, accountA.id, { url: `${receiverUrl}/hook`, triggers: ['WRITE_OPERATION_FAILURE'], active: true });

// Account B: names that must never appear on account A's pages.
const other = await seedIntegration(store, accountB.id, 'Zebra Other Co Integration');
await seedRecords(store, other, 'leads', [{ x_id: '77', x_property_id: '1', property_id: null, data: { first_name: 'Bertha', last_name: 'Zebrafish', email_1: 'bertha@other.example', phone_1: null, status: 'Active' } }]);
await createWebhook({ store, sealer }, accountB.id, { url: 'https://zebra.other.example/hook', triggers: ['DATA_NEW'], active: true });

const queue = createQueue(store, { databaseUrl: store.databaseUrl, ...fastQueueOptions });
await queue.init();
registerWriteWorker(queue, { store, sealer });
registerSyncWorker(queue, { store, sealer });
registerWebhookWorker(queue, { store, sealer }, { dispatchEveryMs: 200, timeoutMs: 3000, leaseMs: 4000, policy: { maxAttempts: 3, backoff: { baseMs: 50, maxMs: 200 }, maxRetryAfterMs: 1000 } });
await queue.start({ concurrency: 4 });
const deps: AppDeps = { store, sealer, queue };
const app = await buildApp(deps, { rateLimitPerMinute: 10_000 });
const apiUrl = await app.listen({ port: Number(process.env.DASHBOARD_TEST_PORT ?? 0), host: '127.0.0.1' });

const fixture = {
  api_url: apiUrl, key_a: keyA, key_b: keyB, integration_id: integration.id, sandbox_url: sandbox.url, receiver_url: receiverUrl,
  lead_id: target.lead.id, lead_name: target.name, event_type_id: target.eventTypeId, b_strings: ['Zebra Other Co Integration', 'Zebrafish', 'zebra.other.example'],
};
console.log(`BROWSER_FIXTURE ${JSON.stringify(fixture)}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await queue.stop();
  await sandbox.close();
  receiver.closeAllConnections();
  receiver.close();
  await store.cleanup();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Never outlive the test runner that started this process (e.g. when it was killed outright).
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    void stop();
  }
}, 2000).unref();
