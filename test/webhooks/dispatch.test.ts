import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../src/jobs/index.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { newId } from '../../src/lib/ids.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { deliverWebhook } from '../../src/webhooks/deliver.ts';
import { dispatchBatch, dueWebhooks, pruneDeliveries, pruneOutbox } from '../../src/webhooks/dispatch.ts';
import { createWebhook, getWebhook, updateWebhook } from '../../src/webhooks/service.ts';
import { registerWebhookWorker, senderOptions } from '../../src/webhooks/worker.ts';
import { fastQueueOptions } from '../support/app.ts';
import { seedIntegration } from '../support/seed.ts';
import { openTestStore, storageMode, type TestStore } from '../support/store.ts';
import { bodyOf, fastWebhookOptions, signedWith, startReceiver, until } from './receiver.ts';

// The dispatcher and the sender without a PMS: outbox rows are written here as sync and writes do.
let store: TestStore;
let sealer: Sealer;
let accountA: string;
let accountB: string;
let integrationA: string;
let integrationB: string;

beforeAll(async () => {
  store = await openTestStore();
  sealer = new Sealer(randomBytes(32));
  accountA = (await createAccount(store.db, 'A')).id;
  accountB = (await createAccount(store.db, 'B')).id;
  integrationA = (await seedIntegration(store, accountA)).id;
  integrationB = (await seedIntegration(store, accountB)).id;
});
afterAll(() => store?.cleanup());

const deps = () => ({ store, sealer });
const past = (ms: number) => new Date(Date.now() - ms).toISOString();

async function outbox(accountId: string, integrationId: string, event: string, model: string | null = null, createdAt = new Date().toISOString()): Promise<string> {
  const id = newId('ob_');
  const payload = model ? { x_id: '1', notes: id } : { integration_id: integrationId, is_sync_finished: true };
  await store.db.insertInto('sync_outbox').values({ id, account_id: accountId, integration_id: integrationId, run_id: 'sr_test', event, model, record_id: model ? `c${id}` : null, property_id: null, payload: JSON.stringify(payload), created_at: createdAt, delivered_at: null }).execute();
  return id;
}
const deliveriesOf = (webhookId: string) => store.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('outbox_id').execute();
const dispatchAll = async () => {
  while ((await dispatchBatch(store, 100)).rows > 0);
};

describe(`dispatching the outbox to webhooks (${storageMode})`, () => {
  it('a new webhook gets only rows created after it, even from a backlog nobody dispatched yet', async () => {
    const old = [await outbox(accountA, integrationA, 'SYNC_COMPLETE', null, past(60_000)), await outbox(accountA, integrationA, 'DATA_NEW', 'events', past(1000))];
    const w = await createWebhook(deps(), accountA, { url: 'http://127.0.0.1:9/x', triggers: ['SYNC_COMPLETE', 'DATA_NEW'], active: true });
    const fresh = [await outbox(accountA, integrationA, 'DATA_NEW', 'events'), await outbox(accountA, integrationA, 'SYNC_COMPLETE')];
    await dispatchAll();
    expect((await deliveriesOf(w.id)).map((d) => d.outbox_id)).toEqual([...fresh].sort());
    const marked = await store.db.selectFrom('sync_outbox').select(['id', 'delivered_at']).where('id', 'in', [...old, ...fresh]).execute();
    expect(marked.every((m) => m.delivered_at !== null)).toBe(true);
    // Turned off and on again while rows wait: it starts from the re-activation.
    await updateWebhook(deps(), accountA, w.id, { active: false });
    const whileOff = await outbox(accountA, integrationA, 'SYNC_COMPLETE', null, new Date().toISOString());
    await new Promise((r) => setTimeout(r, 5));
    await updateWebhook(deps(), accountA, w.id, { active: true });
    const afterOn = await outbox(accountA, integrationA, 'SYNC_COMPLETE');
    await dispatchAll();
    expect((await deliveriesOf(w.id)).map((d) => d.outbox_id)).toEqual([...fresh, afterOn].sort());
    expect((await deliveriesOf(w.id)).map((d) => d.outbox_id)).not.toContain(whileOff);
    await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
  });

  it('matches on account, trigger and model; concurrent dispatchers make each delivery once', async () => {
    const all = await createWebhook(deps(), accountA, { url: 'http://127.0.0.1:9/all', triggers: ['DATA_NEW', 'DATA_UPDATE', 'SYNC_COMPLETE'], active: true });
    const leadsOnly = await createWebhook(deps(), accountA, { url: 'http://127.0.0.1:9/leads', triggers: ['DATA_UPDATE'], model: 'leads', active: true });
    const theirs = await createWebhook(deps(), accountB, { url: 'http://127.0.0.1:9/b', triggers: ['DATA_NEW', 'DATA_UPDATE', 'SYNC_COMPLETE', 'JOB_FAILURE'], active: true });
    const rows = {
      newEvent: await outbox(accountA, integrationA, 'DATA_NEW', 'events'),
      leadUpdate: await outbox(accountA, integrationA, 'DATA_UPDATE', 'leads'),
      eventUpdate: await outbox(accountA, integrationA, 'DATA_UPDATE', 'events'),
      failure: await outbox(accountA, integrationA, 'JOB_FAILURE'),
      otherAccount: await outbox(accountB, integrationB, 'SYNC_COMPLETE'),
    };
    const extra = [];
    for (let i = 0; i < 120; i++) extra.push(await outbox(accountA, integrationA, 'DATA_NEW', 'events'));
    await Promise.all([dispatchAll(), dispatchAll(), dispatchAll()]);
    const a = (await deliveriesOf(all.id)).map((d) => d.outbox_id);
    expect(a).toEqual([rows.newEvent, rows.leadUpdate, rows.eventUpdate, ...extra].sort());
    expect((await deliveriesOf(leadsOnly.id)).map((d) => d.outbox_id)).toEqual([rows.leadUpdate]);
    expect((await deliveriesOf(theirs.id)).map((d) => d.outbox_id)).toEqual([rows.otherAccount]);
    for (const w of [all, leadsOnly, theirs]) await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
  });

  it('a webhook leased by a live sender is left alone; an expired lease is taken over', async () => {
    const r = await startReceiver();
    try {
      const w = await createWebhook(deps(), accountA, { url: r.url, triggers: ['SYNC_COMPLETE'], active: true });
      await outbox(accountA, integrationA, 'SYNC_COMPLETE');
      await dispatchAll();
      const options = senderOptions(fastWebhookOptions);
      await store.db.updateTable('webhooks').set({ lease_owner: 'another-process', lease_until: new Date(Date.now() + 60_000).toISOString() }).where('id', '=', w.id).execute();
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 0, stop: 'busy' });
      expect(r.received).toHaveLength(0);
      await store.db.updateTable('webhooks').set({ lease_until: past(1) }).where('id', '=', w.id).execute();
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 1, stop: 'idle' });
      expect(r.received).toHaveLength(1);
      expect(signedWith(r.received[0]!, w.secret)).toBe(true);
      // The lease is given back when the run ends.
      expect(await store.db.selectFrom('webhooks').select(['lease_owner', 'lease_until']).where('id', '=', w.id).executeTakeFirst()).toEqual({ lease_owner: null, lease_until: null });
      await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
    } finally {
      await r.close();
    }
  });

  it('a retryable failure pauses the webhook until the retry: events keep their order, the receiver is not flooded', async () => {
    const r = await startReceiver((_req, n) => (n < 2 ? { status: 503, body: 'later' } : { status: 200 }));
    try {
      const w = await createWebhook(deps(), accountA, { url: r.url, triggers: ['SYNC_COMPLETE'], active: true });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await outbox(accountA, integrationA, 'SYNC_COMPLETE'));
      ids.sort();
      await dispatchAll();
      const options = senderOptions({ ...fastWebhookOptions, policy: { maxAttempts: 5, backoff: { baseMs: 1000, maxMs: 1000 }, maxRetryAfterMs: 1000 } });
      const lease = () => store.db.selectFrom('webhooks').select(['lease_owner', 'lease_until']).where('id', '=', w.id).executeTakeFirstOrThrow();
      const waitOut = async () => {
        const { lease_until } = await lease();
        await new Promise((x) => setTimeout(x, Math.max(0, Date.parse(lease_until!) - Date.now() + 5)));
      };
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 1, stop: 'retry_later' });
      // Paused: no owner, a lease until the retry; nobody sends, the dispatcher does not queue it.
      const paused = await lease();
      expect(paused.lease_owner).toBeNull();
      expect(Date.parse(paused.lease_until!)).toBeGreaterThan(Date.now());
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 0, stop: 'busy' });
      expect(await dueWebhooks(store)).not.toContain(w.id);
      await waitOut();
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 1, stop: 'retry_later' });
      await waitOut();
      expect(await deliverWebhook(deps(), w.id, options)).toEqual({ sent: 3, stop: 'idle' });
      expect(r.received.map((x) => x.headers['leasewire-event-id'])).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2]]);
      expect(await lease()).toEqual({ lease_owner: null, lease_until: null });
      await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
    } finally {
      await r.close();
    }
  });

  it('a new url (or headers, secret, re-activation) retries what waits at once and lifts the pause', async () => {
    const w = await createWebhook(deps(), accountA, { url: 'http://127.0.0.1:9/broken', triggers: ['SYNC_COMPLETE'], active: true });
    await outbox(accountA, integrationA, 'SYNC_COMPLETE');
    await dispatchAll();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await store.db.updateTable('webhook_deliveries').set({ next_attempt_at: later }).where('webhook_id', '=', w.id).execute();
    await store.db.updateTable('webhooks').set({ lease_until: later }).where('id', '=', w.id).execute();
    await updateWebhook(deps(), accountA, w.id, { url: 'http://127.0.0.1:9/fixed' });
    expect((await store.db.selectFrom('webhooks').select('lease_until').where('id', '=', w.id).executeTakeFirstOrThrow()).lease_until).toBeNull();
    const [d] = await deliveriesOf(w.id);
    expect(Date.parse(d!.next_attempt_at!)).toBeLessThanOrEqual(Date.now());
    expect(await dueWebhooks(store)).toContain(w.id);
    await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
  });

  it('a webhook sealed with another secret key waits (paused) and says how to fix it, rather than failing every pass', async () => {
    const w = await createWebhook({ store, sealer: new Sealer(randomBytes(32)) }, accountA, { url: 'http://127.0.0.1:9/x', triggers: ['SYNC_COMPLETE'], active: true });
    await outbox(accountA, integrationA, 'SYNC_COMPLETE');
    await dispatchAll();
    await expect(getWebhook(deps(), accountA, w.id)).rejects.toMatchObject({ statusCode: 409, code: 'webhook_unreadable', message: expect.stringContaining(`PUT /v1/webhooks/${w.id}`) });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      expect(await deliverWebhook(deps(), w.id, senderOptions(fastWebhookOptions))).toEqual({ sent: 0, stop: 'unreadable' });
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toMatch(/cannot be opened with this LEASEWIRE_SECRET_KEY/);
    expect(await dueWebhooks(store)).not.toContain(w.id);
    // Setting both again makes it usable at once.
    const fixed = await updateWebhook(deps(), accountA, w.id, { secret: 'a-new-secret-1', headers: [] });
    expect(fixed.secret).toBe('a-new-secret-1');
    expect(await dueWebhooks(store)).toContain(w.id);
    await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
  });

  it('senders started at once on one webhook: one sends every delivery once, the others stand back', async () => {
    const r = await startReceiver(() => ({ status: 200, delayMs: 2 }));
    try {
      const w = await createWebhook(deps(), accountA, { url: r.url, triggers: ['SYNC_COMPLETE'], active: true });
      for (let i = 0; i < 10; i++) await outbox(accountA, integrationA, 'SYNC_COMPLETE');
      await dispatchAll();
      const options = senderOptions(fastWebhookOptions);
      const runs = await Promise.all([1, 2, 3, 4].map(() => deliverWebhook(deps(), w.id, options)));
      expect(runs.map((x) => x.stop).sort()).toEqual(['busy', 'busy', 'busy', 'idle']);
      expect(runs.reduce((n, x) => n + x.sent, 0)).toBe(10);
      expect(new Set(r.received.map((x) => x.headers['leasewire-delivery-id'])).size).toBe(10);
      expect(r.received).toHaveLength(10);
      expect(r.maxInFlightPerWebhook).toBe(1);
      await store.db.deleteFrom('webhooks').where('id', '=', w.id).execute();
    } finally {
      await r.close();
    }
  });

  it('three workers on one database: every event reaches every webhook once, never twice at once', async () => {
    const r = await startReceiver(() => ({ status: 200, delayMs: 3 }));
    const queues: JobQueue[] = [];
    try {
      const hooks = [];
      for (let i = 0; i < 3; i++) hooks.push(await createWebhook(deps(), accountA, { url: `${r.url}?w=${i}`, triggers: ['DATA_NEW'], active: true }));
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push(await outbox(accountA, integrationA, 'DATA_NEW', 'events'));
      for (let i = 0; i < 3; i++) {
        const q = createQueue(store, { databaseUrl: store.databaseUrl, ...fastQueueOptions });
        await q.init();
        registerWebhookWorker(q, deps(), { ...fastWebhookOptions, maxPerRun: 7 });
        queues.push(q);
      }
      for (const q of queues) await q.start({ concurrency: 3 });
      await r.waitFor((rs) => rs.length >= 120, '120 deliveries', 60_000);
      await until(async () => (await store.db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'PENDING').execute()).length === 0, 'no pending delivery');
      const seen = r.received.map((x) => `${x.path}|${x.headers['leasewire-event-id']}`);
      expect(seen).toHaveLength(120);
      expect(new Set(seen).size).toBe(120);
      expect(r.maxInFlightPerWebhook).toBe(1);
      // In outbox (id) order per webhook.
      for (let i = 0; i < 3; i++) expect(r.received.filter((x) => x.path.endsWith(`?w=${i}`)).map((x) => x.headers['leasewire-event-id'])).toEqual([...ids].sort());
      expect(r.received.every((x) => bodyOf(x).trigger === 'DATA_NEW')).toBe(true);
    } finally {
      for (const q of queues) await q.stop();
      await r.close();
    }
  }, 90_000);
});

describe(`outbox retention (${storageMode})`, () => {
  const DAY = 24 * 3_600_000;
  /** An outbox row as of ageMs ago (ids start with their creation time). */
  async function oldRow(ageMs: number, delivered: boolean): Promise<string> {
    const at = Date.now() - ageMs;
    const id = `ob_${at.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
    const when = new Date(at).toISOString();
    await store.db
      .insertInto('sync_outbox')
      .values({ id, account_id: accountB, integration_id: integrationB, run_id: 'sr_old', event: 'SYNC_COMPLETE', model: null, record_id: null, property_id: null, payload: '{}', created_at: when, delivered_at: delivered ? when : null })
      .execute();
    return id;
  }
  const exists = async (id: string) => (await store.db.selectFrom('sync_outbox').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('prunes old dispatched rows no delivery needs, and keeps undispatched, recent and still-referenced ones', async () => {
    const w = await createWebhook(deps(), accountB, { url: 'http://127.0.0.1:9/x', triggers: ['SYNC_COMPLETE'], active: true });
    const gone = await oldRow(40 * DAY, true);
    const undispatched = await oldRow(40 * DAY, false);
    const recent = await oldRow(2 * DAY, true);
    const pending = await oldRow(40 * DAY, true);
    const finished = await oldRow(40 * DAY, true);
    const delivery = (outboxId: string, status: string, createdAt: string) => ({
      id: newId('wd_'),
      webhook_id: w.id,
      account_id: accountB,
      outbox_id: outboxId,
      trigger: 'SYNC_COMPLETE',
      status,
      attempts: 1,
      next_attempt_at: status === 'PENDING' ? createdAt : null,
      last_error: null,
      last_status_code: null,
      log: '[]',
      created_at: createdAt,
      updated_at: createdAt,
      delivered_at: null,
    });
    await store.db.insertInto('webhook_deliveries').values([delivery(pending, 'PENDING', past(40 * DAY)), delivery(finished, 'SUCCESS', past(40 * DAY))]).execute();

    expect(await pruneOutbox(store.db, 30 * DAY)).toBe(1);
    expect(await exists(gone)).toBe(false);
    for (const kept of [undispatched, recent, pending, finished]) expect(await exists(kept)).toBe(true);
    // Once its finished delivery is pruned, the row goes too; a pending delivery keeps its row.
    expect(await pruneDeliveries(store.db, 30 * DAY)).toBeGreaterThanOrEqual(1);
    expect(await pruneOutbox(store.db, 30 * DAY)).toBe(1);
    expect(await exists(finished)).toBe(false);
    expect(await exists(pending)).toBe(true);
  });
});
