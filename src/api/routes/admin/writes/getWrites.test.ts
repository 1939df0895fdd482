import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { seedIntegration } from '../../../../../test/support/seed.ts';
import { storageMode } from '../../../../../test/support/store.ts';
import type { WriteStatus } from '../../../../jobs/tables.ts';

// GET /v1/admin/writes and GET /v1/admin/writes/{job_id}: the operator's write log and a write's attempts.
describe(`GET /v1/admin/writes (${storageMode})`, () => {
  let ctx: TestContext;
  let intA: string;
  let intB: string;
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  async function job(id: string, accountId: string, integrationId: string, status: WriteStatus, createdAt: string, extra: { person?: string; log?: unknown[]; errors?: string[]; retryOf?: string; finishedAt?: string } = {}): Promise<void> {
    const accepted = { integration_id: integrationId, lead_id: extra.person ?? 'lead_x', notes: 'hello' };
    await ctx.store.db
      .insertInto('write_jobs')
      .values({
        id, account_id: accountId, integration_id: integrationId, vendor: 'ENTRATA', kind: 'events.leads', status, phase: status === 'SUCCESS' ? 'DONE' : 'SENT',
        request: JSON.stringify({ applicationId: '1' }), response: JSON.stringify({ meta: { job_id: id }, result: accepted }), queue_name: 'write:x:1',
        attempts: extra.log?.length ?? 0, errors: JSON.stringify(extra.errors ?? []), log: JSON.stringify(extra.log ?? []), snapshot: null, x_record_id: status === 'SUCCESS' ? '991' : null,
        created_record_id: status === 'SUCCESS' ? 'ev_1' : null, retry_of: extra.retryOf ?? null, created_at: createdAt, updated_at: createdAt,
        finished_at: status === 'PENDING' ? null : (extra.finishedAt ?? createdAt),
      })
      .execute();
  }
  const get = (url: string, headers = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url, headers });
  const ids = async (query = '') => {
    const res = await get(`/v1/admin/writes${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { results: Array<{ job_id: string }> }).results.map((r) => r.job_id);
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    intA = (await seedIntegration(ctx.store, ctx.tenant.accountId, 'A')).id;
    intB = (await seedIntegration(ctx.store, ctx.tenant.accountId, 'B')).id;
    const other = (await seedIntegration(ctx.store, ctx.other.accountId, 'Other')).id;
    const t0 = at(10);
    await job('wj_f', ctx.tenant.accountId, intA, 'FAILURE', t0, {
      person: 'lead_1',
      errors: ['gave up after 2 attempts: Entrata failed internally'],
      finishedAt: new Date(Date.parse(t0) + 1500).toISOString(),
      log: [
        { at: new Date(Date.parse(t0) + 500).toISOString(), attempt: 1, action: 'retry', reason: 'Entrata failed internally (500)' },
        { at: new Date(Date.parse(t0) + 1500).toISOString(), attempt: 2, action: 'fail', reason: 'gave up after 2 attempts: Entrata failed internally' },
      ],
    });
    await job('wj_s', ctx.tenant.accountId, intA, 'SUCCESS', at(5), { person: 'lead_1', retryOf: 'wj_f', log: [{ at: at(5), attempt: 1, action: 'succeed', reason: 'created event 991' }] });
    await job('wj_p', ctx.tenant.accountId, intB, 'PENDING', at(1), { person: 'lead_2' });
    await job('wj_old', ctx.tenant.accountId, intB, 'SUCCESS', at(3 * 24 * 60), { person: 'lead_12' });
    await job('wj_theirs', ctx.other.accountId, other, 'FAILURE', at(2), { person: 'lead_1' });
  });
  afterAll(() => ctx.close());

  it('lists every write of the account newest first, PENDING included, with totals for paging', async () => {
    const res = await get('/v1/admin/writes?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.meta).toEqual({ offset: 0, limit: 2, total: 4, hasMore: true });
    expect(body.results.map((r: { job_id: string }) => r.job_id)).toEqual(['wj_p', 'wj_s']);
    expect(body.results[1]).toMatchObject({ status: 'SUCCESS', kind: 'events.leads', integration_id: intA, person_id: 'lead_1', created_record_id: 'ev_1', retry_of: 'wj_f', error: null, attempts: 1, duration_ms: 0 });
    expect(body.results[0]).toMatchObject({ status: 'PENDING', finished_at: null, duration_ms: null });
    expect(await ids('?limit=2&offset=2')).toEqual(['wj_f', 'wj_old']);
  });

  it('filters by status, integration, person (exactly, not a prefix) and time', async () => {
    expect(await ids('?status=FAILURE')).toEqual(['wj_f']);
    expect(await ids('?status=PENDING')).toEqual(['wj_p']);
    expect(await ids(`?integration_id=${intB}`)).toEqual(['wj_p', 'wj_old']);
    expect(await ids('?person_id=lead_1')).toEqual(['wj_s', 'wj_f']);
    expect(await ids('?person_id=lead_12')).toEqual(['wj_old']);
    expect(await ids(`?since=${at(60)}`)).toEqual(['wj_p', 'wj_s', 'wj_f']);
    expect(await ids(`?since=${at(60)}&until=${at(3)}`)).toEqual(['wj_s', 'wj_f']);
    // since after until: an empty window, as the lists' updated_at filters have.
    expect(await ids(`?since=${at(1)}&until=${at(5)}`)).toEqual([]);
    expect(await ids('?person_id=lead_1&status=SUCCESS')).toEqual(['wj_s']);
  });

  it('answers 400 naming the parameter for bad values', async () => {
    for (const [query, field] of [
      ['?status=DONE', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?offset=-1', 'offset'],
      ['?since=yesterday', 'since'],
      ['?colour=red', 'colour'],
    ] as const) {
      const res = await get(`/v1/admin/writes${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(JSON.stringify(res.json().error), query).toContain(field);
    }
  });

  it('needs a key and never shows another account’s writes', async () => {
    expect((await get('/v1/admin/writes', {} as never)).statusCode).toBe(401);
    const theirs = await get('/v1/admin/writes', ctx.other.headers);
    expect(theirs.json().results.map((r: { job_id: string }) => r.job_id)).toEqual(['wj_theirs']);
    expect(await ids(`?integration_id=${intA}&person_id=lead_1&status=FAILURE`)).toEqual(['wj_f']);
  });
});

describe(`GET /v1/admin/writes/{job_id} (${storageMode})`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    const integration = (await seedIntegration(ctx.store, ctx.tenant.accountId)).id;
    const t0 = '2026-12-01T10:00:00.000Z';
    const base = {
      account_id: ctx.tenant.accountId, integration_id: integration, vendor: 'ENTRATA', kind: 'events.leads', queue_name: 'write:x:1', snapshot: null, x_record_id: null,
      created_record_id: null, request: '{"applicationId":"7","comments":"hi"}', response: JSON.stringify({ meta: { job_id: 'wj_1' }, result: { lead_id: 'lead_7' } }),
    };
    await ctx.store.db.insertInto('write_jobs').values({
      ...base, id: 'wj_1', status: 'FAILURE', phase: 'SENT', attempts: 2, errors: '["Entrata refused the event: email_to"]', retry_of: null,
      log: JSON.stringify([
        { at: '2026-12-01T10:00:00.250Z', attempt: 1, action: 'retry', reason: 'no answer from Entrata' },
        { at: '2026-12-01T10:00:01.250Z', attempt: 2, action: 'fail', reason: 'Entrata refused the event: email_to' },
      ]),
      created_at: t0, updated_at: t0, finished_at: '2026-12-01T10:00:01.250Z',
    }).execute();
    await ctx.store.db.insertInto('write_jobs').values({
      ...base, id: 'wj_2', status: 'SUCCESS', phase: 'DONE', attempts: 1, errors: '[]', retry_of: 'wj_1', x_record_id: '55', created_record_id: 'ev_55',
      log: JSON.stringify([{ at: '2026-12-01T10:05:00.100Z', attempt: 1, action: 'succeed', reason: 'created' }]),
      created_at: '2026-12-01T10:05:00.000Z', updated_at: t0, finished_at: '2026-12-01T10:05:00.100Z',
    }).execute();
  });
  afterAll(() => ctx.close());
  const get = (id: string, headers = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url: `/v1/admin/writes/${id}`, headers });

  it('shows the request, each attempt with outcome and timing, the errors and the writes that retried it', async () => {
    const res = await get('wj_1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().result).toEqual(
      expect.objectContaining({
        job_id: 'wj_1', status: 'FAILURE', phase: 'SENT', person_id: 'lead_7', error: 'Entrata refused the event: email_to', duration_ms: 1250,
        request: { applicationId: '7', comments: 'hi' }, errors: ['Entrata refused the event: email_to'], retried_by: ['wj_2'],
        attempt_log: [
          { attempt: 1, at: '2026-12-01T10:00:00.250Z', outcome: 'will_retry', reason: 'no answer from Entrata', since_previous_ms: 250 },
          { attempt: 2, at: '2026-12-01T10:00:01.250Z', outcome: 'failed', reason: 'Entrata refused the event: email_to', since_previous_ms: 1000 },
        ],
      }),
    );
    expect((await get('wj_2')).json().result).toMatchObject({ status: 'SUCCESS', retry_of: 'wj_1', x_record_id: '55', created_record_id: 'ev_55', retried_by: [], attempt_log: [{ outcome: 'succeeded', since_previous_ms: 100 }] });
  });

  it('answers 404 for an unknown id and for another account’s write, 401 without a key', async () => {
    expect((await get('wj_nope')).statusCode).toBe(404);
    const foreign = await get('wj_1', ctx.other.headers);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toMatch(/No write job with id "wj_1"/);
    expect((await get('wj_1', {} as never)).statusCode).toBe(401);
  });
});
