import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { openTestStore, type TestStore } from '../../test/support/store.ts';
import { Sealer } from '../lib/crypto.ts';
import { metricsRefusal } from './metricsAuth.ts';
import { serveMetrics } from './metricsServer.ts';

const token = 'metrics-token-0123456789abcdef';

describe('metricsRefusal', () => {
  it('lets every scrape through without a token', () => {
    expect(metricsRefusal(undefined, undefined)).toBeNull();
    expect(metricsRefusal(undefined, 'Bearer anything')).toBeNull();
  });

  it('with a token, wants it as a bearer token and says what is wrong', () => {
    expect(metricsRefusal(token, `Bearer ${token}`)).toBeNull();
    expect(metricsRefusal(token, `bearer ${token} `)).toBeNull();
    expect(metricsRefusal(token, undefined)).toMatch(/^Missing token: .*METRICS_TOKEN.*Authorization: Bearer <token>/);
    expect(metricsRefusal(token, `Basic ${token}`)).toMatch(/^Missing token/);
    expect(metricsRefusal(token, 'Bearer wrong')).toMatch(/not the one this server was started with/);
    expect(metricsRefusal(token, `Bearer ${token}x`)).toMatch(/not the one/);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let store: TestStore | undefined;
  afterAll(async () => store?.cleanup());

  it('the API answers 401 without the token and the metrics with it', async () => {
    store = await openTestStore();
    const app = await buildApp({ store, sealer: new Sealer(Buffer.alloc(32, 1)) }, { metricsToken: token });
    try {
      const refused = await app.inject({ method: 'GET', url: '/metrics' });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect(refused.body).not.toContain('leasewire_');
      const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('leasewire_write_jobs');
      // /healthz stays open for load balancers.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("a worker's metrics server does the same over HTTP", async () => {
    store ??= await openTestStore();
    const server = await serveMetrics(store, { port: 0, host: '127.0.0.1', token });
    try {
      const refused = await fetch(`${server.url}/metrics`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/METRICS_TOKEN/);
      const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('leasewire_write_jobs');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
