import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { redactedLogPaths } from '../../../app.ts';

/** Every log line the app writes, at the most verbose level, to check that no secret reaches one. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

const apiKeySecret = 'ek_TOPSECRET_apikey_123';
const password = 'pw_TOPSECRET_password_456';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ logger: { level: 'trace', stream: sink, redact: redactedLogPaths } });
});
afterAll(() => ctx.close());

describe('logging of integration requests', () => {
  it('never writes the PMS credentials or the API key to a log line', async () => {
    const h = ctx.tenant.headers;
    const create = await ctx.app.inject({
      method: 'POST',
      url: '/v1/admin/integrations/',
      headers: h,
      payload: { integration_vendor: 'ENTRATA', name: 'Logged', credentials: { subdomain: 'acme', apiKey: apiKeySecret } },
    });
    expect(create.statusCode).toBe(200);
    const id = create.json().result.id;
    const calls = [
      { method: 'PUT', url: `/v1/admin/integrations/${id}`, payload: { credentials: { subdomain: 'acme', username: 'u', password } } },
      { method: 'PUT', url: `/v1/admin/integrations/${id}`, payload: { credentials: { subdomain: 'acme', password } } },
      { method: 'POST', url: '/v1/admin/integrations/', payload: { integration_vendor: 'NOPE', name: 'x', credentials: { apiKey: apiKeySecret } } },
      { method: 'GET', url: `/v1/admin/integrations/${id}` },
      { method: 'GET', url: '/v1/admin/integrations/' },
      { method: 'DELETE', url: `/v1/admin/integrations/${id}` },
    ] as const;
    for (const c of calls) await ctx.app.inject({ ...c, headers: h });

    expect(lines.length).toBeGreaterThan(10);
    const all = lines.join('');
    expect(all).not.toContain(apiKeySecret);
    expect(all).not.toContain(password);
    expect(all).not.toContain(ctx.tenant.apiKey);
  });

  it('redacts credentials wherever a handler might log them', () => {
    const before = lines.length;
    const credentials = { subdomain: 'acme', apiKey: apiKeySecret, password };
    ctx.app.log.info({ credentials }, 'top level');
    ctx.app.log.info({ body: { credentials } }, 'one level down');
    ctx.app.log.info({ req: { body: { credentials }, headers: { authorization: `Bearer ${ctx.tenant.apiKey}` } } }, 'request');
    ctx.app.log.info({ apiKey: apiKeySecret, password }, 'loose fields');
    const written = lines.slice(before).join('');
    expect(lines.length - before).toBe(4);
    expect(written).not.toContain(apiKeySecret);
    expect(written).not.toContain(password);
    expect(written).not.toContain(ctx.tenant.apiKey);
    expect(written).toContain('[Redacted]');
  });
});
