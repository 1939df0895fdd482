import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../src/jobs/index.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { newId } from '../../src/lib/ids.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { createWebhook } from '../../src/webhooks/service.ts';
import { registerWebhookWorker } from '../../src/webhooks/worker.ts';
import { fastQueueOptions, stopTestQueue } from '../support/app.ts';
import { seedIntegration } from '../support/seed.ts';
import { openTestStore, storageMode, type TestStore } from '../support/store.ts';
import { fastWebhookOptions, signedWith, startReceiver, until, type Receiver } from './receiver.ts';

// kill -9 of a worker process while a delivery waits for the receiver's answer: after the next
// worker takes over (the killed one's lease runs out), the event is delivered; at least once.
let store: TestStore;
const secretKey = randomBytes(32);
const sealer = new Sealer(secretKey);
let child: ChildProcess | undefined;
let queue: JobQueue | undefined;
let receiver: Receiver;

beforeAll(async () => {
  store = await openTestStore();
  // The first request hangs (the worker is killed while it waits); later ones are answered.
  receiver = await startReceiver((_r, n) => (n === 0 ? 'hang' : { status: 200 }));
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopTestQueue(store, queue);
  await receiver?.close();
  await store?.cleanup();
});

function startChild(): Promise<ChildProcess> {
  const fixture = fileURLToPath(new URL('./crashWorker.fixture.ts', import.meta.url));
  const env = {
    ...process.env,
    LW_SECRET_KEY: secretKey.toString('hex'),
    ...(store.sqlitePath ? { LW_SQLITE_PATH: store.sqlitePath } : {}),
    ...(store.databaseUrl ? { LW_DATABASE_URL: store.databaseUrl } : {}),
    ...(store.pgSchema ? { LW_PG_SCHEMA: store.pgSchema } : {}),
  };
  const c = spawn(process.execPath, ['--import', 'tsx', fixture], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve(c);
    });
    c.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
  });
}

describe(`crash of a worker during a delivery (${storageMode})`, () => {
  it('the delivery is sent again by the next worker and ends SUCCESS; the crashed attempt is counted and shown', async () => {
    const account = await createAccount(store.db, 'Crash Co');
    const integration = await seedIntegration(store, account.id);
    const hook = await createWebhook({ store, sealer }, account.id, { url: receiver.url, triggers: ['SYNC_COMPLETE'], active: true });
    const eventId = newId('ob_');
    await store.db.insertInto('sync_outbox').values({ id: eventId, account_id: account.id, integration_id: integration.id, run_id: 'sr_1', event: 'SYNC_COMPLETE', model: null, record_id: null, property_id: null, payload: JSON.stringify({ integration_id: integration.id, vendor: 'ENTRATA', is_sync_finished: true }), created_at: new Date().toISOString(), delivered_at: null }).execute();

    child = await startChild();
    await receiver.waitFor((rs) => rs.length === 1, 'the first attempt');
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const delivery = () => store.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hook.id).executeTakeFirstOrThrow();
    const during = await delivery();
    expect(during).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(JSON.parse(during.log)).toEqual([expect.objectContaining({ status_code: null, error: expect.stringMatching(/the worker stopped during this attempt/) })]);

    // A new worker: it waits for the dead one's lease to run out, then sends again.
    queue = createQueue(store, { databaseUrl: store.databaseUrl, ...fastQueueOptions, lockTimeoutMs: 1500 });
    await queue.init();
    registerWebhookWorker(queue, { store, sealer }, fastWebhookOptions);
    await queue.start({ concurrency: 2 });
    await until(async () => (await delivery()).status !== 'PENDING', 'the delivery settled', 60_000);

    const after = await delivery();
    expect(after).toMatchObject({ status: 'SUCCESS', attempts: 2, last_status_code: 200, last_error: null });
    expect(JSON.parse(after.log).map((a: { status_code: number | null }) => a.status_code)).toEqual([null, 200]);
    // At least once: the receiver saw the event twice (the first never answered), both signed, same delivery id.
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.map((r) => r.headers['leasewire-delivery-id'])).toEqual([after.id, after.id]);
    expect(receiver.received.map((r) => r.headers['leasewire-event-id'])).toEqual([eventId, eventId]);
    expect(receiver.received.every((r) => signedWith(r, hook.secret))).toBe(true);
    expect(receiver.received[1]!.answered).toBe(200);
  }, 90_000);
});
