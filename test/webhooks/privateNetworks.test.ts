import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Sealer } from '../../src/lib/crypto.ts';
import { newId } from '../../src/lib/ids.ts';
import { setPrivateNetworks } from '../../src/lib/outboundPolicy.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { deliverWebhook } from '../../src/webhooks/deliver.ts';
import { dispatchBatch } from '../../src/webhooks/dispatch.ts';
import { createWebhook } from '../../src/webhooks/service.ts';
import { senderOptions } from '../../src/webhooks/worker.ts';
import { seedIntegration } from '../support/seed.ts';
import { openTestStore, storageMode, type TestStore } from '../support/store.ts';
import { fastWebhookOptions, startReceiver, type Receiver } from './receiver.ts';

// A webhook saved while private networks were allowed (or a name that resolves to one), then sent
// under LEASEWIRE_PRIVATE_NETWORKS=deny: the delivery fails at once, saying why and what to set.
let store: TestStore;
let receiver: Receiver;
const sealer = new Sealer(randomBytes(32));

beforeAll(async () => {
  store = await openTestStore();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await store?.cleanup();
});
afterEach(() => setPrivateNetworks('allow'));

describe(`webhook delivery to a private address under deny (${storageMode})`, () => {
  it.each([
    ['a literal loopback IP', (url: string) => url],
    ['a name that resolves to loopback', (url: string) => url.replace('127.0.0.1', 'localhost')],
  ])('%s: one attempt, FAILURE, the policy message in last_error, nothing sent', async (_name, urlOf) => {
    const account = (await createAccount(store.db, `A ${newId('t_')}`)).id;
    const integration = (await seedIntegration(store, account)).id;
    const w = await createWebhook({ store, sealer }, account, { url: urlOf(receiver.url), triggers: ['SYNC_COMPLETE'], active: true });
    const id = newId('ob_');
    await store.db
      .insertInto('sync_outbox')
      .values({ id, account_id: account, integration_id: integration, run_id: 'sr_test', event: 'SYNC_COMPLETE', model: null, record_id: null, property_id: null, payload: JSON.stringify({ integration_id: integration, is_sync_finished: true }), created_at: new Date().toISOString(), delivered_at: null })
      .execute();
    while ((await dispatchBatch(store, 100)).rows > 0);

    setPrivateNetworks('deny');
    expect(await deliverWebhook({ store, sealer }, w.id, senderOptions(fastWebhookOptions))).toEqual({ sent: 1, stop: 'idle' });
    const [d] = await store.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', w.id).execute();
    expect(d).toMatchObject({ status: 'FAILURE', attempts: 1, last_status_code: null, next_attempt_at: null });
    expect(d!.last_error).toMatch(/^refused to connect to (127\.0\.0\.1 \(|localhost \(.+, )a private address\): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks$/);
    expect(receiver.received).toHaveLength(0);
  });
});
