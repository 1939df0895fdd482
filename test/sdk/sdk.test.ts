import fs from 'node:fs';
import { createLeasewire, LeasewireError, paginate, unwrap, verifyWebhookSignature, waitForWrite, type LeasewireClient } from '@leasewire/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkFiles, sdkSources } from '../../scripts/sdk-generate.ts';
import { signBody } from '../../src/webhooks/payload.ts';
import { storageMode } from '../support/store.ts';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';

describe('the committed SDK', () => {
  it('is generated from the current /openapi.json (else: npm run sdk:generate)', async () => {
    const fresh = await sdkSources();
    expect(fs.readFileSync(sdkFiles.document, 'utf8') === fresh.document, 'sdk/openapi.json is stale: run npm run sdk:generate').toBe(true);
    expect(fs.readFileSync(sdkFiles.types, 'utf8') === fresh.types, 'sdk/src/generated/leasewire.ts is stale: run npm run sdk:generate').toBe(true);
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"trigger":"DATA_NEW","data":{"model":"events"}}';
  it("accepts Leasewire's own signature and nothing else", () => {
    const signature = signBody('whsec_test', body);
    expect(verifyWebhookSignature('whsec_test', body, signature)).toBe(true);
    expect(verifyWebhookSignature('whsec_test', Buffer.from(body), signature.toUpperCase())).toBe(true);
    expect(verifyWebhookSignature('whsec_other', body, signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', `${body} `, signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, signature.slice(0, 62))).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, 'zz')).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, undefined)).toBe(false);
  });
});

describe('waitForWrite', () => {
  it('backs off between polls and gives up with a clear error at the timeout', async () => {
    const at: number[] = [];
    const pending = {
      GET: async () => {
        at.push(Date.now());
        return { data: { write_status: 'PENDING', errors: [], created_record_id: null }, response: new Response(null, { status: 200 }) };
      },
    } as unknown as LeasewireClient;
    const error = await waitForWrite(pending, 'wj_1', { initialDelayMs: 10, maxDelayMs: 40, timeoutMs: 250 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeasewireError);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/^Write wj_1 is still PENDING after 250 ms/) });
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[2]).toBeGreaterThanOrEqual(35);
    expect(Math.max(...gaps)).toBeLessThan(120);
  });
});

describe(`the SDK against a live Leasewire and the Entrata sandbox (${storageMode})`, () => {
  let w: WriteHarness;
  let client: LeasewireClient;
  beforeAll(async () => {
    w = await createWriteHarness();
    const baseUrl = await w.ctx.app.listen({ host: '127.0.0.1', port: 0 });
    client = createLeasewire({ baseUrl: `${baseUrl}/`, apiKey: w.headers.authorization.replace(/^Bearer /, '') });
  }, 120_000);
  afterAll(() => w?.close());

  it('paginate walks every page of a list', async () => {
    const first = unwrap(await client.GET('/v1/events/', { params: { query: { limit: 1 } } }));
    const seen: string[] = [];
    for await (const event of paginate(client, '/v1/events/', { limit: 7, 'order-by': 'event_datetime:asc' })) seen.push(event.id);
    expect(first.meta.total).toBeGreaterThan(7);
    expect(seen).toHaveLength(first.meta.total);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('errors are LeasewireError with the status, code and message', async () => {
    const missing = await client.GET('/v1/events/{event_id}', { params: { path: { event_id: 'cnope' } } });
    expect(() => unwrap(missing)).toThrow(LeasewireError);
    try {
      unwrap(missing);
    } catch (e) {
      expect(e).toMatchObject({ status: 404, code: 'not_found', message: expect.stringMatching(/No event with id "cnope"/) });
    }
  });

  it('writes an event and waitForWrite polls it to SUCCESS', async () => {
    const lead = await personAt(w, 'leads', '100101', 3);
    const type = await w.pick('event_types', '100101', '8');
    const accepted = unwrap(
      await client.POST('/v1/events/leads/entrata', { body: { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: '2026-05-03T12:00:00Z', notes: 'From the SDK' } }),
    );
    const status = await waitForWrite(client, accepted.meta.job_id, { initialDelayMs: 20, timeoutMs: 20_000 });
    expect(status).toMatchObject({ write_status: 'SUCCESS', errors: [] });
    const event = unwrap(await client.GET('/v1/events/{event_id}', { params: { path: { event_id: String(status.created_record_id) } } }));
    expect(event.results.notes).toBe('From the SDK');
  });

  it('waitForWrite surfaces an unknown job as a LeasewireError', async () => {
    const unknown = await waitForWrite(client, 'wj_nope').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
  });
});
