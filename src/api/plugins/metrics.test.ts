import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { seedIntegration } from '../../../test/support/seed.ts';
import { observePmsCall } from '../../observability/metrics.ts';
import type { IntegrationRow } from '../../store/repositories/integrations.ts';

let ctx: TestContext;
let integration: IntegrationRow;
beforeAll(async () => {
  ctx = await createTestContext();
  integration = await seedIntegration(ctx.store, ctx.tenant.accountId);
});
afterAll(() => ctx.close());

const scrape = async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
};

describe('GET /metrics', () => {
  it('reports HTTP latency by route template, method and status, never by raw URL', async () => {
    await ctx.app.inject({ method: 'GET', url: '/v1/events/evt_secret_id_123', headers: ctx.tenant.headers });
    await ctx.app.inject({ method: 'GET', url: '/v1/events/' });
    const body = await scrape();
    expect(body).toMatch(/^leasewire_http_request_duration_seconds_count\{route="\/v1\/events\/:event_id",method="GET",status="404"\} \d+$/m);
    expect(body).toMatch(/^leasewire_http_request_duration_seconds_count\{route="\/v1\/events\/",method="GET",status="401"\} \d+$/m);
    expect(body).not.toContain('evt_secret_id_123');
    expect(body).not.toContain(ctx.tenant.apiKey);
  });

  it('reads write jobs by status and sync lag per active integration from the store at scrape time', async () => {
    const body = await scrape();
    for (const s of ['PENDING', 'SUCCESS', 'PARTIAL_SUCCESS', 'FAILURE']) expect(body).toMatch(new RegExp(`^leasewire_write_jobs\\{status="${s}"\\} 0$`, 'm'));
    expect(body).toMatch(/^leasewire_sync_runs\{state="running"\} 0$/m);
    const lag = new RegExp(`^leasewire_sync_lag_seconds\\{integration_id="${integration.id}",vendor="ENTRATA"\\} ([\\d.e+-]+)$`, 'm').exec(body);
    expect(Number(lag?.[1])).toBeGreaterThanOrEqual(0);
  });

  it('counts PMS calls and their errors by vendor, service and method', async () => {
    observePmsCall({ vendor: 'ENTRATA', service: 'leads', method: 'updateLeads', durationMs: 120 });
    observePmsCall({ vendor: 'ENTRATA', service: 'leads', method: 'updateLeads', durationMs: 30_000, error: 'timeout' });
    const body = await scrape();
    expect(body).toMatch(/^leasewire_pms_call_duration_seconds_count\{vendor="ENTRATA",service="leads",method="updateLeads"\} 2$/m);
    expect(body).toMatch(/^leasewire_pms_call_errors_total\{vendor="ENTRATA",service="leads",method="updateLeads",kind="timeout"\} 1$/m);
  });

  it('needs no API key (scrapers have none) and is not in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});
