import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/support/app.ts';
import { storageMode } from '../../../../test/support/store.ts';
import { bodyOf, fastWebhookOptions, signedWith, startReceiver, type Receiver } from '../../../../test/webhooks/receiver.ts';
import { deliverWebhook } from '../../../webhooks/deliver.ts';
import { senderOptions } from '../../../webhooks/worker.ts';

// POST /v1/webhooks/{id}/test and POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver.
let ctx: TestContext;
let receiver: Receiver;
let answer = 410;
type Json = Record<string, unknown>;
const post = (url: string, headers: Record<string, string> = ctx.tenant.headers, payload?: Json) => ctx.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
const createWebhook = async (active: boolean, headers = ctx.tenant.headers) => {
  const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks/', headers, payload: { url: receiver.url, triggers: ['SYNC_COMPLETE'], active } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result as { id: string; secret: string };
};
const send = (webhookId: string) => deliverWebhook({ store: ctx.store, sealer: ctx.deps.sealer }, webhookId, senderOptions(fastWebhookOptions));
const deliveries = async (webhookId: string) => (await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${webhookId}/deliveries`, headers: ctx.tenant.headers })).json().results as Json[];

beforeAll(async () => {
  ctx = await createTestContext();
  receiver = await startReceiver(() => ({ status: answer }));
});
afterAll(async () => {
  await receiver?.close();
  await ctx?.close();
});

describe(`POST /v1/webhooks/{webhook_id}/test (${storageMode})`, () => {
  it('queues a signed TEST delivery to that webhook only, which the sender sends at once', async () => {
    answer = 200;
    const w = await createWebhook(true);
    const bystander = await createWebhook(true);
    const res = await post(`/v1/webhooks/${w.id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().result).toMatchObject({ webhook_id: w.id, trigger: 'TEST', status: 'PENDING', attempts: 0, attempt_log: [] });
    expect(await send(w.id)).toMatchObject({ sent: 1 });
    const got = receiver.received.at(-1)!;
    expect(bodyOf(got)).toMatchObject({ trigger: 'TEST', data: { event: 'TEST', webhook_id: w.id } });
    expect(signedWith(got, w.secret)).toBe(true);
    expect(got.headers['leasewire-delivery-id']).toBe(res.json().result.id);
    expect((await deliveries(w.id))[0]).toMatchObject({ id: res.json().result.id, status: 'SUCCESS', attempts: 1, last_status_code: 200 });
    expect(await deliveries(bystander.id)).toEqual([]);
  });

  it('answers 409 for an inactive webhook, 404 for an unknown or foreign one, 400 for a body with fields, 401 without a key', async () => {
    const off = await createWebhook(false);
    const inactive = await post(`/v1/webhooks/${off.id}/test`);
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error).toMatchObject({ code: 'webhook_inactive', message: expect.stringMatching(/"active": true/) });
    const mine = await createWebhook(true);
    expect((await post('/v1/webhooks/wh_nope/test')).statusCode).toBe(404);
    expect((await post(`/v1/webhooks/${mine.id}/test`, ctx.other.headers)).statusCode).toBe(404);
    expect((await post(`/v1/webhooks/${mine.id}/test`, ctx.tenant.headers, { event: 'DATA_NEW' })).statusCode).toBe(400);
    expect((await post(`/v1/webhooks/${mine.id}/test`, {})).statusCode).toBe(401);
    expect(await deliveries(mine.id)).toEqual([]);
  });
});

describe(`POST /v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver (${storageMode})`, () => {
  it('sends a FAILURE delivery again with a fresh budget; the log keeps the first attempt', async () => {
    answer = 410;
    const w = await createWebhook(true);
    const id = (await post(`/v1/webhooks/${w.id}/test`)).json().result.id as string;
    await send(w.id);
    expect((await deliveries(w.id))[0]).toMatchObject({ id, status: 'FAILURE', attempts: 1, last_status_code: 410 });

    answer = 200;
    const res = await post(`/v1/webhooks/${w.id}/deliveries/${id}/redeliver`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().result).toMatchObject({ id, status: 'PENDING', attempts: 0, delivered_at: null, next_attempt_at: expect.any(String) });
    // A PENDING delivery is sent on its own: asking again is a 409.
    const twice = await post(`/v1/webhooks/${w.id}/deliveries/${id}/redeliver`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('delivery_pending');

    await send(w.id);
    const after = (await deliveries(w.id))[0] as { status: string; attempts: number; attempt_log: Array<{ status_code: number }> };
    expect(after).toMatchObject({ id, status: 'SUCCESS', attempts: 1, last_status_code: 200, last_error: null });
    expect(after.attempt_log.map((a) => a.status_code)).toEqual([410, 200]);
    expect(receiver.received.at(-1)!.headers['leasewire-delivery-attempt']).toBe('1');
  });

  it("answers 404 for another webhook's or account's delivery and 401 without a key", async () => {
    answer = 200;
    const w = await createWebhook(true);
    const other = await createWebhook(true);
    const id = (await post(`/v1/webhooks/${w.id}/test`)).json().result.id as string;
    await send(w.id);
    expect((await post(`/v1/webhooks/${other.id}/deliveries/${id}/redeliver`)).statusCode).toBe(404);
    expect((await post(`/v1/webhooks/${w.id}/deliveries/whd_nope/redeliver`)).json().error.code).toBe('not_found');
    expect((await post(`/v1/webhooks/${w.id}/deliveries/${id}/redeliver`, ctx.other.headers)).statusCode).toBe(404);
    expect((await post(`/v1/webhooks/${w.id}/deliveries/${id}/redeliver`, {})).statusCode).toBe(401);
    expect((await deliveries(w.id))[0]).toMatchObject({ status: 'SUCCESS' });
  });
});
