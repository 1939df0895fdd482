import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/support/app.ts';
import { newId } from '../../../lib/ids.ts';

let ctx: TestContext;
type Json = Record<string, unknown>;
const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = ctx.tenant.headers) =>
  ctx.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Json }) });
const valid = { url: 'https://hooks.example.com/leasewire', triggers: ['DATA_NEW', 'SYNC_COMPLETE'] };
const create = async (body: Json = valid, headers?: Record<string, string>) => {
  const res = await send('POST', '/v1/webhooks/', body, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result as Json & { id: string; secret: string; triggers: Array<{ id: string; trigger: string; model: string | null }> };
};
const expectInvalid = (res: { statusCode: number; json(): unknown }, path: Array<string | number>, message: RegExp) => {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { error: { code: string; message: string; details: { issues: Array<{ path: Array<string | number>; message: string }> } } };
  expect(body.error.code).toBe('invalid_request');
  const issue = body.error.details.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(issue, JSON.stringify(body.error)).toBeDefined();
  expect(issue!.message).toMatch(message);
  expect(body.error.message).toMatch(/^Invalid body: /);
};

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('POST /v1/webhooks/', () => {
  it('creates a webhook with the published defaults and a generated secret', async () => {
    const w = await create();
    expect(w).toMatchObject({ url: valid.url, headers: [], active: false, system: 'PRODUCTION' });
    expect(w.id).toMatch(/^wh_/);
    expect(w.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(w.triggers.map((t) => t.trigger)).toEqual(['DATA_NEW', 'SYNC_COMPLETE']);
    expect(w.triggers.every((t) => t.model === null && /^whtr_/.test(t.id))).toBe(true);
    expect(w.created_at).toBe(w.updated_at);
    // Each generated secret is new.
    expect((await create()).secret).not.toBe(w.secret);
  });

  it('keeps a given secret, headers and active; the model applies to DATA_* triggers only; duplicates collapse', async () => {
    const w = await create({ ...valid, triggers: ['DATA_NEW', 'DATA_UPDATE', 'JOB_FAILURE', 'DATA_NEW'], secret: 'my-secret-123', active: true, model: 'events', headers: [{ header: 'Authorization', value: 'Bearer abc' }] });
    expect(w).toMatchObject({ secret: 'my-secret-123', active: true, headers: [{ header: 'Authorization', value: 'Bearer abc' }] });
    expect(w.triggers.map((t) => [t.trigger, t.model])).toEqual([['DATA_NEW', 'events'], ['DATA_UPDATE', 'events'], ['JOB_FAILURE', null]]);
  });

  it('stores the secret and the headers sealed, never in plain text', async () => {
    const w = await create({ ...valid, secret: 'plain-secret-value', headers: [{ header: 'X-Token', value: 'token-value-42' }] });
    const row = await ctx.store.db.selectFrom('webhooks').selectAll().where('id', '=', w.id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('plain-secret-value');
    expect(JSON.stringify(row)).not.toContain('token-value-42');
  });

  it('accepts http URLs with ports and paths (e.g. a receiver on this machine)', async () => {
    expect((await create({ ...valid, url: 'http://127.0.0.1:8080/hooks?x=1' })).url).toBe('http://127.0.0.1:8080/hooks?x=1');
  });

  it.each([
    [['url'], { triggers: ['DATA_NEW'] }, /is required: the http\(s\) URL/],
    [['url'], { ...valid, url: 'ftp://example.com/x' }, /must use http or https, not ftp/],
    [['url'], { ...valid, url: 'javascript:alert(1)' }, /must use http or https/],
    [['url'], { ...valid, url: 'example.com/hook' }, /absolute URL such as https:\/\//],
    [['url'], { ...valid, url: `https://example.com/${'a'.repeat(2100)}` }, /at most 2048/],
    [['triggers'], { url: valid.url }, /is required: a list of one or more of DATA_UPDATE/],
    [['triggers'], { ...valid, triggers: [] }, /at least one trigger/],
    [['triggers', 0], { ...valid, triggers: ['DATA_DELETED'] }, /"DATA_DELETED" is not a trigger; use one of: DATA_UPDATE, DATA_NEW/],
    [['triggers', 0], { ...valid, triggers: ['JOB_SUCCESS'] }, /not a trigger/],
    [['secret'], { ...valid, secret: 'short' }, /at least 10 characters; leave it out/],
    [['model'], { ...valid, model: 'leases' }, /"leases" is not a model Leasewire syncs; use one of: .*events/],
    [['active'], { ...valid, active: 'yes' }, /must be true or false, not "yes"/],
    [['headers', 0, 'header'], { ...valid, headers: [{ header: 'Content-Type', value: 'text/plain' }] }, /set by Leasewire on every delivery/],
    [['headers', 0, 'header'], { ...valid, headers: [{ header: 'propexo-signature', value: 'x' }] }, /cannot be replaced/],
    [['headers', 0, 'header'], { ...valid, headers: [{ header: 'Leasewire-Event-Id', value: 'x' }] }, /cannot be replaced/],
    [['headers', 0, 'value'], { ...valid, headers: [{ header: 'X-A', value: 'ok\r\nX-Injected: 1' }] }, /line breaks/],
    [['headers', 0, 'header'], { ...valid, headers: [{ header: 'Bad Header', value: 'x' }] }, /HTTP header name/],
    [['headers', 1, 'header'], { ...valid, headers: [{ header: 'X-A', value: '1' }, { header: 'x-a', value: '2' }] }, /given twice/],
  ])('refuses a bad %j with a 400 naming it (case %#)', async (path, body, message) => {
    expectInvalid(await send('POST', '/v1/webhooks/', body), path, message);
  });

  it('refuses unknown fields', async () => {
    const res = await send('POST', '/v1/webhooks/', { ...valid, integration_id: 'int_1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/integration_id/);
  });

  it('needs an API key', async () => {
    const res = await send('POST', '/v1/webhooks/', valid, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    expect(await ctx.store.db.selectFrom('webhooks').select('id').where('account_id', '=', ctx.other.accountId).execute()).toEqual([]);
  });
});

describe('GET /v1/webhooks/', () => {
  it('lists the active webhooks of the account by default, inactive ones with active=false, both with active=all', async () => {
    const on = await create({ ...valid, url: 'https://a.example.com/on', active: true }, ctx.other.headers);
    const off = await create({ ...valid, url: 'https://a.example.com/off' }, ctx.other.headers);
    const ids = async (q: string) => ((await send('GET', `/v1/webhooks/${q}`, undefined, ctx.other.headers)).json().results as Json[]).map((w) => w.id);
    expect(await ids('')).toEqual([on.id]);
    expect(await ids('?active=true')).toEqual([on.id]);
    expect(await ids('?active=false')).toEqual([off.id]);
    expect((await ids('?active=all')).sort()).toEqual([on.id, off.id].sort());
  });

  it('pages and orders, with total and hasMore', async () => {
    const res = await send('GET', '/v1/webhooks/?active=all&limit=2&offset=1&order-by=created_at:asc');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.meta).toMatchObject({ offset: 1, limit: 2, orderBy: [{ field: 'created_at', direction: 'asc' }], hasMore: true });
    const all = (await send('GET', '/v1/webhooks/?active=all&limit=250&order-by=created_at:asc')).json();
    expect(body.meta.total).toBe(all.results.length);
    expect(body.results.map((w: Json) => w.id)).toEqual(all.results.slice(1, 3).map((w: Json) => w.id));
    const byUrl = (await send('GET', '/v1/webhooks/?active=all&limit=250&order-by=url:desc')).json().results.map((w: Json) => w.url);
    expect(byUrl).toEqual([...byUrl].sort().reverse());
  });

  it('never shows another account’s webhooks', async () => {
    const mine = (await send('GET', '/v1/webhooks/?active=all&limit=250')).json().results as Json[];
    const theirs = (await send('GET', '/v1/webhooks/?active=all&limit=250', undefined, ctx.other.headers)).json().results as Json[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((m) => theirs.some((t) => t.id === m.id))).toEqual([]);
  });

  it.each([
    ['?active=maybe', 'active', /true, false or all/],
    ['?order-by=secret:asc', 'order-by', /secret\W+is not a sortable field here; use one of: created_at/],
    ['?order-by=url:up', 'order-by', /must look like field:asc/],
    ['?limit=-1', 'limit', /./],
    ['?colour=red', '', /colour/],
  ])('refuses %s with a 400', async (q, _param, message) => {
    const res = await send('GET', `/v1/webhooks/${q}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(JSON.stringify(res.json().error)).toMatch(message);
  });

  it('needs an API key', async () => {
    expect((await send('GET', '/v1/webhooks/', undefined, { authorization: 'Bearer lw_nope' })).statusCode).toBe(401);
  });
});

describe('GET /v1/webhooks/{webhook_id}', () => {
  it('returns the webhook, secret included, in the { meta, results } envelope', async () => {
    const w = await create({ ...valid, secret: 'get-me-secret' });
    const res = await send('GET', `/v1/webhooks/${w.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ meta: { offset: 0, limit: 100, orderBy: [], hasMore: false, total: 1 }, results: w });
    expect(res.json().results.secret).toBe('get-me-secret');
  });

  it('another account’s webhook, or an unknown id, is a 404', async () => {
    const w = await create();
    for (const [id, headers] of [[w.id, ctx.other.headers], [newId('wh_'), ctx.tenant.headers]] as const) {
      const res = await send('GET', `/v1/webhooks/${id}`, undefined, headers);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining(`No webhook with id "${id}"`) });
    }
  });

  it('needs an API key', async () => {
    expect((await send('GET', `/v1/webhooks/${(await create()).id}`, undefined, {})).statusCode).toBe(401);
  });
});

describe('PUT /v1/webhooks/{webhook_id}', () => {
  it('changes only the fields given', async () => {
    const w = await create({ ...valid, secret: 'first-secret-1', headers: [{ header: 'X-A', value: '1' }] });
    await new Promise((r) => setTimeout(r, 5));
    const res = await send('PUT', `/v1/webhooks/${w.id}`, { url: 'https://new.example.com/x' });
    expect(res.statusCode, res.body).toBe(200);
    const u = res.json().result;
    expect(u).toMatchObject({ id: w.id, url: 'https://new.example.com/x', secret: 'first-secret-1', headers: [{ header: 'X-A', value: '1' }], triggers: w.triggers, active: false, created_at: w.created_at });
    expect(u.updated_at > String(w.updated_at)).toBe(true);
    expect((await send('GET', `/v1/webhooks/${w.id}`)).json().results).toEqual(u);
  });

  it('rotates the secret, replaces headers and triggers (keeping the ids of triggers kept), sets and clears the model', async () => {
    const w = await create({ ...valid, triggers: ['DATA_NEW', 'SYNC_COMPLETE'], model: 'leads' });
    const kept = w.triggers.find((t) => t.trigger === 'DATA_NEW')!;
    let u = (await send('PUT', `/v1/webhooks/${w.id}`, { secret: 'rotated-secret-2', headers: [], triggers: ['DATA_NEW', 'DATA_UPDATE', 'JOB_SUCCESS'] })).json().result;
    expect(u.secret).toBe('rotated-secret-2');
    expect(u.triggers).toEqual([kept, { id: expect.stringMatching(/^whtr_/), trigger: 'DATA_UPDATE', model: 'leads' }, { id: expect.stringMatching(/^whtr_/), trigger: 'JOB_SUCCESS', model: null }]);
    u = (await send('PUT', `/v1/webhooks/${w.id}`, { model: 'events' })).json().result;
    expect(u.triggers.filter((t: Json) => t.model === 'events')).toHaveLength(2);
    u = (await send('PUT', `/v1/webhooks/${w.id}`, { model: null })).json().result;
    expect(u.triggers.every((t: Json) => t.model === null)).toBe(true);
  });

  it('turned on again, a webhook starts from now: deliver_from moves, not when it stays on', async () => {
    const w = await create({ ...valid, active: true });
    const from = async () => (await ctx.store.db.selectFrom('webhooks').select('deliver_from').where('id', '=', w.id).executeTakeFirstOrThrow()).deliver_from;
    const first = await from();
    await new Promise((r) => setTimeout(r, 5));
    await send('PUT', `/v1/webhooks/${w.id}`, { active: true });
    expect(await from()).toBe(first);
    await send('PUT', `/v1/webhooks/${w.id}`, { active: false });
    await send('PUT', `/v1/webhooks/${w.id}`, { active: true });
    expect((await from()) > first).toBe(true);
  });

  it.each([
    [{ url: 'mailto:x@example.com' }, ['url'], /must use http or https/],
    [{ triggers: [] }, ['triggers'], /at least one trigger/],
    [{ secret: '123' }, ['secret'], /at least 10 characters/],
    [{ model: 'owners' }, ['model'], /not a model Leasewire syncs/],
  ])('refuses %j with a 400', async (body, path, message) => {
    const w = await create();
    expectInvalid(await send('PUT', `/v1/webhooks/${w.id}`, body), path, message);
  });

  it('another account’s webhook is a 404 and stays unchanged', async () => {
    const w = await create();
    const res = await send('PUT', `/v1/webhooks/${w.id}`, { url: 'https://evil.example.com/' }, ctx.other.headers);
    expect(res.statusCode).toBe(404);
    expect((await send('GET', `/v1/webhooks/${w.id}`)).json().results.url).toBe(valid.url);
  });
});

describe('DELETE /v1/webhooks/{webhook_id}', () => {
  it('deletes the webhook and its deliveries; a second delete is a 404', async () => {
    const w = await create();
    const now = new Date().toISOString();
    await ctx.store.db.insertInto('webhook_deliveries').values({ id: newId('whd_'), webhook_id: w.id, account_id: ctx.tenant.accountId, outbox_id: 'ob_x', trigger: 'DATA_NEW', status: 'PENDING', attempts: 0, next_attempt_at: now, last_status_code: null, last_error: null, log: '[]', created_at: now, updated_at: now, delivered_at: null }).execute();
    const res = await send('DELETE', `/v1/webhooks/${w.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ result: { id: w.id } });
    expect((await send('GET', `/v1/webhooks/${w.id}`)).statusCode).toBe(404);
    expect(await ctx.store.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', w.id).execute()).toEqual([]);
    expect((await send('DELETE', `/v1/webhooks/${w.id}`)).statusCode).toBe(404);
  });

  it('another account cannot delete it', async () => {
    const w = await create();
    expect((await send('DELETE', `/v1/webhooks/${w.id}`, undefined, ctx.other.headers)).statusCode).toBe(404);
    expect((await send('GET', `/v1/webhooks/${w.id}`)).statusCode).toBe(200);
    expect((await send('DELETE', `/v1/webhooks/${w.id}`, undefined, {})).statusCode).toBe(401);
  });
});

describe('GET /v1/webhooks/{webhook_id}/deliveries', () => {
  it('lists deliveries newest event first, with their attempts; filters by status', async () => {
    const w = await create();
    const now = new Date().toISOString();
    const row = (outbox: string, status: string) => ({ id: newId('whd_'), webhook_id: w.id, account_id: ctx.tenant.accountId, outbox_id: outbox, trigger: 'SYNC_COMPLETE', status, attempts: 1, next_attempt_at: status === 'PENDING' ? now : null, last_status_code: status === 'FAILURE' ? 404 : 200, last_error: status === 'FAILURE' ? 'the receiver answered 404' : null, log: JSON.stringify([{ at: now, status_code: 404, error: 'the receiver answered 404', duration_ms: 3 }]), created_at: now, updated_at: now, delivered_at: status === 'SUCCESS' ? now : null });
    await ctx.store.db.insertInto('webhook_deliveries').values([row('ob_1', 'SUCCESS'), row('ob_2', 'FAILURE'), row('ob_3', 'PENDING')]).execute();
    const all = (await send('GET', `/v1/webhooks/${w.id}/deliveries`)).json();
    expect(all.meta).toMatchObject({ total: 3, hasMore: false });
    expect(all.results.map((d: Json) => d.event_id)).toEqual(['ob_3', 'ob_2', 'ob_1']);
    const failed = (await send('GET', `/v1/webhooks/${w.id}/deliveries?status=FAILURE`)).json().results;
    expect(failed).toEqual([expect.objectContaining({ event_id: 'ob_2', status: 'FAILURE', last_status_code: 404, last_error: 'the receiver answered 404', next_attempt_at: null, attempt_log: [{ at: now, status_code: 404, error: 'the receiver answered 404', duration_ms: 3 }] })]);
  });

  it('another account’s webhook is a 404; a bad status is a 400', async () => {
    const w = await create();
    expect((await send('GET', `/v1/webhooks/${w.id}/deliveries`, undefined, ctx.other.headers)).statusCode).toBe(404);
    const bad = await send('GET', `/v1/webhooks/${w.id}/deliveries?status=DONE`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/status: must be one of: PENDING, SUCCESS, FAILURE/);
  });
});
