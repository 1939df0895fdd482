import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIntegration } from '../../src/store/repositories/integrations.ts';
import { runSync } from '../../src/sync/engine.ts';
import { registerWebhookWorker } from '../../src/webhooks/worker.ts';
import { storageMode } from '../support/store.ts';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';
import { bodyOf, fastWebhookOptions, signedWith, startReceiver, until, type Receiver, type Responder } from './receiver.ts';

// End to end: the Entrata sandbox synced into a store, the API, and a worker running writes and
// webhooks; receivers are tiny HTTP servers on 127.0.0.1 in this process.
let w: WriteHarness;
const receivers: Receiver[] = [];
let started = false;

beforeAll(async () => {
  // The first sync runs here, before any webhook exists: its FIRST_SYNC_COMPLETE must never be sent.
  w = await createWriteHarness({ worker: { start: false } });
  registerWebhookWorker(w.ctx.deps.queue!, { store: w.h.store, sealer: w.h.sealer }, fastWebhookOptions);
  // A full sandbox sync: generous for a loaded machine.
}, 120_000);
/** Starts the worker (writes and webhooks) once; the first test creates its webhooks before. */
async function ensureStarted(): Promise<void> {
  if (started) return;
  started = true;
  await w.ctx.deps.queue!.start({ concurrency: 4 });
}
afterAll(async () => {
  await w?.close();
  for (const r of receivers) await r.close();
});

async function receiver(respond?: Responder): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

type Webhook = { id: string; secret: string; created_at: string };
async function createWebhook(body: Record<string, unknown>): Promise<Webhook> {
  const res = await w.post('/v1/webhooks/', { active: true, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result as Webhook;
}
type Delivery = { status: string; attempts: number; last_status_code: number | null; last_error: string | null; attempt_log: Array<{ status_code: number | null; error: string | null }>; event_id: string; trigger: string };
async function deliveries(webhookId: string): Promise<Delivery[]> {
  const res = await w.get(`/v1/webhooks/${webhookId}/deliveries?limit=250`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results as Delivery[];
}
const settled = async (webhookId: string, count: number) =>
  until(async () => {
    const d = await deliveries(webhookId);
    return d.length >= count && d.every((x) => x.status !== 'PENDING');
  }, `${count} settled deliveries of ${webhookId}`);
const allDispatched = () => until(async () => (await w.h.store.db.selectFrom('sync_outbox').select('id').where('delivered_at', 'is', null).execute()).length === 0, 'every outbox row dispatched');
const mutate = (ops: unknown[]) => fetch(`${w.h.sandbox.url}/__sandbox/mutations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ops) });
const allTriggers = ['DATA_NEW', 'DATA_UPDATE', 'SYNC_COMPLETE', 'FIRST_SYNC_COMPLETE', 'JOB_FAILURE', 'WRITE_OPERATION_FAILURE'];

describe(`webhooks end to end (${storageMode})`, () => {
  let all: Receiver;
  let hook: Webhook;

  it('a sync’s changes arrive signed, in outbox order, once each; nothing from before the webhook existed', async () => {
    all = await receiver();
    const eventsOnly = await receiver();
    hook = await createWebhook({ url: all.url, triggers: allTriggers, headers: [{ header: 'Authorization', value: 'Bearer receiver-token' }] });
    const narrow = await createWebhook({ url: eventsOnly.url, triggers: ['DATA_NEW'], model: 'events' });
    const off = await receiver();
    await createWebhook({ url: off.url, triggers: allTriggers, active: false });
    // The first sync's FIRST_SYNC_COMPLETE is still waiting in the outbox: older than the webhooks, never sent.
    const old = await w.h.store.db.selectFrom('sync_outbox').select(['event', 'delivered_at']).execute();
    expect(old).toEqual([{ event: 'FIRST_SYNC_COMPLETE', delivered_at: null }]);
    await ensureStarted();

    const lead = await w.h.store.db.selectFrom('leads').select(['x_id', 'x_property_id']).where('x_id', '=', String(w.h.sandbox.info.examples.leadApplicationId)).executeTakeFirstOrThrow();
    expect((await mutate([
      { op: 'addLead', propertyId: Number(lead.x_property_id), firstName: 'Hook', lastName: 'Test', email: 'hook@example.com' },
      { op: 'updateLead', applicationId: Number(lead.x_id), email: 'hooked@example.com' },
      { op: 'addEvent', applicationId: Number(lead.x_id), event: { typeId: 8, comments: 'webhook note' } },
    ])).status).toBe(200);
    const run = await runSync(w.h.deps, w.integrationId);
    expect(run.state).toBe('succeeded');

    const outbox = await w.h.store.db.selectFrom('sync_outbox').selectAll().where('run_id', '=', run.id).orderBy('id').execute();
    expect(outbox.map((o) => o.event)).toEqual(expect.arrayContaining(['DATA_NEW', 'DATA_UPDATE', 'SYNC_COMPLETE']));
    await allDispatched();
    await settled(hook.id, outbox.length);

    // Exactly the rows of this run, in outbox order, each once: not the first sync's FIRST_SYNC_COMPLETE.
    expect(all.received.map((r) => r.headers['leasewire-event-id'])).toEqual(outbox.map((o) => o.id));
    expect(all.received.map((r) => bodyOf(r).trigger)).toEqual(outbox.map((o) => o.event));
    for (const r of all.received) {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers.accept).toBe('*/*');
      expect(r.headers.authorization).toBe('Bearer receiver-token');
      expect(signedWith(r, hook.secret), r.body).toBe(true);
      expect(signedWith(r, 'another-secret')).toBe(false);
      expect(bodyOf(r).data.event).toBe(bodyOf(r).trigger);
      expect(bodyOf(r).data.integration_id).toBe(w.integrationId);
      expect(bodyOf(r).data.vendor).toBe('ENTRATA');
    }
    const bodies = all.received.map(bodyOf);
    const event = await w.h.store.db.selectFrom('events').select(['id', 'property_id']).where('integration_id', '=', w.integrationId).where('data', 'like', '%webhook note%').executeTakeFirstOrThrow();
    expect(bodies.find((b) => b.trigger === 'DATA_NEW' && b.data.record_id === event.id)?.data).toMatchObject({
      object: 'events',
      context: { property_id: event.property_id },
      meta: { integration_id: w.integrationId, object: 'events' },
      job_id: run.id,
      payload: { notes: 'webhook note' },
    });
    expect(bodies.find((b) => b.trigger === 'DATA_UPDATE' && b.data.object === 'leads')?.data).toMatchObject({ diff: { new: { email_1: 'hooked@example.com' } } });
    expect(bodies.at(-1)).toEqual({
      trigger: 'SYNC_COMPLETE',
      data: { event: 'SYNC_COMPLETE', integration_id: w.integrationId, vendor: 'ENTRATA', is_backsync: false, successful_job_count: 1, failed_job_count: 0, is_sync_finished: true, job_schedule_id: null, models_synced: expect.any(Array) },
    });

    // The model filter: DATA_NEW of events only.
    await settled(narrow.id, 1);
    expect(eventsOnly.received.map((r) => [bodyOf(r).trigger, bodyOf(r).data.object])).toEqual(outbox.filter((o) => o.event === 'DATA_NEW' && o.model === 'events').map(() => ['DATA_NEW', 'events']));
    // An inactive webhook gets nothing.
    expect(off.received).toEqual([]);
    expect((await deliveries(hook.id)).every((d) => d.status === 'SUCCESS' && d.attempts === 1)).toBe(true);
  }, 60_000);

  it('a failed write arrives as WRITE_OPERATION_FAILURE, the push form of write-status', async () => {
    await ensureStarted();
    // The lead's email changes in Entrata after our last sync: our checks pass, Entrata refuses email_to.
    const lead = await personAt(w, 'leads', '100101', 30);
    const email = String(lead.data.email_1);
    expect((await mutate([{ op: 'updateLead', applicationId: Number(lead.applicationId), email: 'elsewhere@example.com' }])).status).toBe(200);
    const emailType = await w.pick('event_types', '100101', '2');
    const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: emailType.id, event_datetime: '2026-04-01T10:00:00-06:00', email_from: 'office@example.com', email_to: email });
    expect(res.statusCode, res.body).toBe(200);
    const jobId = res.json().meta.job_id as string;
    const status = await w.settle(jobId);
    expect(status.write_status).toBe('FAILURE');

    await all.waitFor((rs) => rs.some((r) => bodyOf(r).trigger === 'WRITE_OPERATION_FAILURE'), 'a WRITE_OPERATION_FAILURE');
    const got = all.received.filter((r) => bodyOf(r).trigger === 'WRITE_OPERATION_FAILURE');
    expect(got).toHaveLength(1);
    expect(signedWith(got[0]!, hook.secret)).toBe(true);
    expect(bodyOf(got[0]!)).toEqual({
      trigger: 'WRITE_OPERATION_FAILURE',
      data: { event: 'WRITE_OPERATION_FAILURE', integration_id: w.integrationId, vendor: 'ENTRATA', root_job_id: jobId, write_status: 'FAILURE', errors: status.errors },
    });
    await mutate([{ op: 'updateLead', applicationId: Number(lead.applicationId), email }]);
  }, 60_000);

  it('a sync that fails arrives as JOB_FAILURE', async () => {
    await ensureStarted();
    const broken = await insertIntegration(w.h.store.db, {
      account_id: w.h.integration.account_id,
      vendor: 'ENTRATA',
      name: 'Wrong password',
      credentials: w.h.sealer.seal(JSON.stringify({ subdomain: w.h.sandbox.info.subdomain, username: w.h.sandbox.info.username, password: 'wrong', base_url: w.h.sandbox.url })),
      settings: {},
      sync_frequency: 12,
      sync_cadence: 'HOUR',
      active: false,
    });
    const run = await runSync(w.h.deps, broken.id);
    expect(run.state).toBe('failed');
    await all.waitFor((rs) => rs.some((r) => bodyOf(r).trigger === 'JOB_FAILURE'), 'a JOB_FAILURE');
    const body = bodyOf(all.received.find((r) => bodyOf(r).trigger === 'JOB_FAILURE')!);
    expect(body.data).toMatchObject({ event: 'JOB_FAILURE', integration_id: broken.id, vendor: 'ENTRATA', job_id: run.id, root_job_id: run.id, job_type: 'SYNC' });
  }, 60_000);

  it('a receiver that times out, then answers 503, then 200 gets the event exactly once more after retries; others are given up', async () => {
    await ensureStarted();
    // Attempt 1: no answer (timeout); attempt 2: 503 with Retry-After; attempt 3: 200.
    const flaky = await receiver((_r, n) => (n === 0 ? 'hang' : n === 1 ? { status: 503, headers: { 'retry-after': '0' }, body: 'busy' } : { status: 200 }));
    const gone = await receiver(() => ({ status: 410, body: 'no such hook' }));
    const broken = await receiver(() => ({ status: 500, body: 'boom' }));
    const hooks = {
      flaky: await createWebhook({ url: flaky.url, triggers: ['SYNC_COMPLETE'] }),
      gone: await createWebhook({ url: gone.url, triggers: ['SYNC_COMPLETE'] }),
      broken: await createWebhook({ url: broken.url, triggers: ['SYNC_COMPLETE'] }),
    };
    const run = await runSync(w.h.deps, w.integrationId);
    expect(run.state).toBe('succeeded');
    for (const h of Object.values(hooks)) await settled(h.id, 1);

    const [ok] = await deliveries(hooks.flaky.id);
    expect(ok).toMatchObject({ status: 'SUCCESS', attempts: 3, last_status_code: 200, last_error: null, trigger: 'SYNC_COMPLETE' });
    expect(ok!.attempt_log.map((a) => a.status_code)).toEqual([null, 503, 200]);
    expect(ok!.attempt_log[0]!.error).toMatch(/no answer within 3 s \(timeout\)/);
    expect(ok!.attempt_log[1]!.error).toBe('the receiver answered 503 Service Unavailable: busy');
    // Three requests of the same delivery, the same bytes, each signed; one acknowledged.
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((r) => r.headers['leasewire-delivery-id'])).size).toBe(1);
    expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);
    expect(flaky.received.map((r) => r.headers['leasewire-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(flaky.received.every((r) => signedWith(r, hooks.flaky.secret))).toBe(true);
    expect(flaky.received.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(bodyOf(flaky.received[2]!).data).toMatchObject({ event: 'SYNC_COMPLETE', integration_id: w.integrationId });

    const [refused] = await deliveries(hooks.gone.id);
    expect(refused).toMatchObject({ status: 'FAILURE', attempts: 1, last_status_code: 410, last_error: 'the receiver answered 410 Gone: no such hook' });
    expect(gone.received).toHaveLength(1);
    const [exhausted] = await deliveries(hooks.broken.id);
    expect(exhausted).toMatchObject({ status: 'FAILURE', attempts: 4, last_status_code: 500, last_error: 'gave up after 4 attempts: the receiver answered 500 Internal Server Error: boom' });
    expect(broken.received).toHaveLength(4);
  }, 60_000);

  it('a webhook turned off and on again does not receive what happened while it was off', async () => {
    await ensureStarted();
    const r = await receiver();
    const h = await createWebhook({ url: r.url, triggers: ['SYNC_COMPLETE'] });
    expect((await w.ctx.app.inject({ method: 'PUT', url: `/v1/webhooks/${h.id}`, headers: w.headers, payload: { active: false } })).statusCode).toBe(200);
    const missed = await runSync(w.h.deps, w.integrationId);
    await allDispatched();
    expect((await w.ctx.app.inject({ method: 'PUT', url: `/v1/webhooks/${h.id}`, headers: w.headers, payload: { active: true } })).statusCode).toBe(200);
    const seen = await runSync(w.h.deps, w.integrationId);
    await settled(h.id, 1);
    const d = await deliveries(h.id);
    const ids = (await w.h.store.db.selectFrom('sync_outbox').select(['id', 'run_id']).where('event', '=', 'SYNC_COMPLETE').execute());
    expect(d.map((x) => x.event_id)).toEqual([ids.find((o) => o.run_id === seen.id)!.id]);
    expect(d.map((x) => x.event_id)).not.toContain(ids.find((o) => o.run_id === missed.id)!.id);
    expect(r.received).toHaveLength(1);
  }, 60_000);
});
