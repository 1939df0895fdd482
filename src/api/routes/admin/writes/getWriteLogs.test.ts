import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, SpecValidator } from '../../../../../test/contract/propexoSpec.ts';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { seedIntegration } from '../../../../../test/support/seed.ts';
import { storageMode } from '../../../../../test/support/store.ts';
import type { WriteStatus } from '../../../../jobs/tables.ts';

describe(`GET /v1/admin/logs/writes/ (${storageMode})`, () => {
  let ctx: TestContext;
  let validator: SpecValidator;
  let integrationA: string;
  let integrationB: string;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  async function job(id: string, accountId: string, integrationId: string, status: WriteStatus, createdAt: string, kind = 'events.leads', errors: string[] = []): Promise<void> {
    await ctx.store.db
      .insertInto('write_jobs')
      .values({
        id, account_id: accountId, integration_id: integrationId, vendor: 'ENTRATA', kind, status, phase: 'done',
        request: JSON.stringify({ lead_id: `l_${id}` }), response: '{}', queue_name: 'q', attempts: 2, errors: JSON.stringify(errors), log: '[]',
        snapshot: null, x_record_id: null, created_record_id: null, retry_of: null, created_at: createdAt, updated_at: createdAt, finished_at: status === 'PENDING' ? null : createdAt,
      })
      .execute();
  }
  const get = async (query = '', headers = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url: `/v1/admin/logs/writes/${query}`, headers });
  const ids = async (query = '') => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { results: { logs: Array<{ job_id: string }> } }).results.logs.map((l) => l.job_id);
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    validator = new SpecValidator(loadSpec());
    integrationA = (await seedIntegration(ctx.store, ctx.tenant.accountId, 'A')).id;
    integrationB = (await seedIntegration(ctx.store, ctx.tenant.accountId, 'B')).id;
    const other = (await seedIntegration(ctx.store, ctx.other.accountId, 'Other')).id;
    await job('wj_1', ctx.tenant.accountId, integrationA, 'SUCCESS', minutesAgo(5));
    await job('wj_2', ctx.tenant.accountId, integrationA, 'FAILURE', minutesAgo(4), 'events.applicants', ['Entrata refused the event: lead not found']);
    await job('wj_3', ctx.tenant.accountId, integrationB, 'SUCCESS', minutesAgo(3 * 24 * 60));
    await job('wj_4', ctx.tenant.accountId, integrationA, 'PENDING', minutesAgo(1));
    await job('wj_5', ctx.tenant.accountId, integrationB, 'SUCCESS', minutesAgo(2), 'leads.create');
    await job('wj_9', ctx.other.accountId, other, 'FAILURE', minutesAgo(1));
  });
  afterAll(() => ctx.close());

  it("lists the account's finished writes newest first, in the published shape", async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    const validate = validator.response('/v1/admin/logs/writes/', '200');
    expect(validate(res.json()), JSON.stringify(validate.errors)).toBe(true);
    const logs = (res.json() as { results: { logs: Array<Record<string, unknown>> } }).results.logs;
    expect(logs.map((l) => l.job_id)).toEqual(['wj_5', 'wj_2', 'wj_1', 'wj_3']);
    expect(logs[1]).toMatchObject({ id: 'wj_2', job_log_id: 'wj_2:2', status: 'FAILURE', integration_id: integrationA, job_type: 'events.applicants', name: 'events.applicants', vendor: 'ENTRATA', error: 'Entrata refused the event: lead not found', parameters: { lead_id: 'l_wj_2' } });
    expect(logs[0]?.error).toBeNull();
  });

  it('filters by status, integration, category and time range, and pages', async () => {
    expect(await ids('?status=FAILURE')).toEqual(['wj_2']);
    expect(await ids('?status=SUCCESS')).toEqual(['wj_5', 'wj_1', 'wj_3']);
    expect(await ids(`?integration_id=${integrationB}`)).toEqual(['wj_5', 'wj_3']);
    expect(await ids('?write_category=events')).toEqual(['wj_2', 'wj_1', 'wj_3']);
    expect(await ids('?write_category=leads')).toEqual(['wj_5']);
    expect(await ids('?time_range=day')).toEqual(['wj_5', 'wj_2', 'wj_1']);
    expect(await ids('?time_range=week&status=SUCCESS&integration_id=' + integrationB)).toEqual(['wj_5', 'wj_3']);
    expect(await ids('?limit=2')).toEqual(['wj_5', 'wj_2']);
    expect(await ids('?limit=2&offset=2')).toEqual(['wj_1', 'wj_3']);
  });

  it('answers 400 naming the parameter for bad values and unknown parameters', async () => {
    for (const [query, field] of [
      ['?status=PENDING', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?offset=-1', 'offset'],
      ['?time_range=year', 'time_range'],
      ['?write_category=%25', 'write_category'],
      ['?colour=red', 'colour'],
    ] as const) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(JSON.stringify(res.json().error), query).toContain(field);
    }
  });

  it("needs a valid key and never shows another account's writes", async () => {
    expect((await get('', { authorization: '' })).statusCode).toBe(401);
    expect((await get('', { authorization: 'Bearer nope' })).statusCode).toBe(401);
    const theirs = await get('', ctx.other.headers);
    expect((theirs.json() as { results: { logs: Array<{ job_id: string }> } }).results.logs.map((l) => l.job_id)).toEqual(['wj_9']);
    expect(await ids(`?integration_id=${'x'}`)).toEqual([]);
  });
});
