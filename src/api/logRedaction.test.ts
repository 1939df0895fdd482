import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { humanLogStream } from '../observability/humanLog.ts';
import { redactedLogPaths } from './app.ts';

// An API key (or another secret) sent in the query string never reaches a log line: not the JSON
// request log of `serve`, not the human one of `start`, whatever the request comes to.
const json: string[] = [];
const human: string[] = [];
const sink = (lines: string[]) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
let jsonCtx: TestContext;
let humanCtx: TestContext;

beforeAll(async () => {
  jsonCtx = await createTestContext({ logger: { level: 'trace', stream: sink(json), redact: redactedLogPaths } });
  const stream = humanLogStream((line) => human.push(line));
  humanCtx = await createTestContext({ logger: { level: 'trace', stream, redact: redactedLogPaths } });
});
afterAll(async () => {
  await jsonCtx.close();
  await humanCtx.close();
});

const requests = (key: string) => [
  { method: 'GET', url: `/v1/events/?api_key=${key}&limit=1` },
  { method: 'GET', url: `/v1/events/?limit=1&api_key=${key}`, auth: true },
  { method: 'GET', url: `/v1/events/?apiKey=${encodeURIComponent(key)}&order-by=nope`, auth: true },
  { method: 'GET', url: `/v1/nowhere?token=${key}` },
  { method: 'POST', url: `/v1/admin/integrations/?api_key=${key}`, auth: true, payload: { integration_vendor: 'NOPE' } },
  { method: 'GET', url: `/v1/events/%E0%A4%A?sig=${key}` },
  { method: 'GET', url: `/healthz?password=${key}` },
  // A Leasewire key is recognised by its value, whatever the parameter is called.
  ...(key.startsWith('lw_') ? [{ method: 'GET', url: `/v1/events/?q=${key}` } as const] : []),
];

describe('secrets in query strings are redacted in request logs', () => {
  it.each([
    ['the JSON log (serve)', () => jsonCtx, json],
    ['the human log (start)', () => humanCtx, human],
  ])('%s never contains the key, and shows where it was', async (_name, ctx, lines) => {
    const c = ctx();
    for (const key of [c.tenant.apiKey, 'sk_not_a_leasewire_key_0001']) {
      for (const r of requests(key)) {
        const res = await c.app.inject({ method: r.method, url: r.url, ...('auth' in r ? { headers: c.tenant.headers } : {}), ...('payload' in r ? { payload: r.payload } : {}) });
        expect(res.statusCode, r.url).toBeGreaterThanOrEqual(200);
      }
    }
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(all).not.toContain(c.tenant.apiKey);
    expect(all).not.toContain(c.tenant.apiKey.slice(3));
    expect(all).not.toContain('sk_not_a_leasewire_key_0001');
    expect(all).toContain('api_key=[REDACTED]&limit=1');
    expect(all).toContain('limit=1&api_key=[REDACTED]');
    expect(all).toContain('/v1/events/?q=[REDACTED]');
  });

  it('writes the human request line with the redacted URL', () => {
    expect(human.some((l) => /GET \/v1\/events\/\?api_key=\[REDACTED\]&limit=1 → 401/.test(l))).toBe(true);
    expect(human.some((l) => /GET \/v1\/events\/\?limit=1&api_key=\[REDACTED\] → 400/.test(l))).toBe(true);
  });
});
