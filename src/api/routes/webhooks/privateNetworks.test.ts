import { describe, expect, it } from 'vitest';
import { expectPrivateHostRefused, privateNetworksContext } from '../../../../test/support/privateNetworks.ts';
import { setPrivateNetworks } from '../../../lib/outboundPolicy.ts';

// Webhook URLs under LEASEWIRE_PRIVATE_NETWORKS=deny (a shared deployment): a literal private IP
// or localhost is refused when saved; names are judged when called.
const { ctx } = privateNetworksContext();
const send = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) => ctx().app.inject({ method, url, headers: ctx().tenant.headers, payload });
const triggers = ['DATA_NEW'];
const expectRefused = (res: Parameters<typeof expectPrivateHostRefused>[0], host: string) => expectPrivateHostRefused(res, ['url'], host);

describe('webhook URLs under LEASEWIRE_PRIVATE_NETWORKS=deny', () => {
  it.each([
    ['http://127.0.0.1:8080/hooks', '127.0.0.1'],
    ['http://10.0.0.5/x', '10.0.0.5'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://[::1]:4000/x', '::1'],
    ['http://[::ffff:192.168.1.1]/x', '::ffff:c0a8:101'],
    ['http://0x7f.1/x', '127.0.0.1'],
    ['http://localhost:3000/x', 'localhost'],
    ['https://LocalHost./x', 'localhost'],
  ])('POST refuses %s with a 400 naming the setting', async (url, host) => {
    setPrivateNetworks('deny');
    expectRefused(await send('POST', '/v1/webhooks/', { url, triggers }), host);
  });

  it('POST accepts public addresses and host names (names are checked when deliveries are sent)', async () => {
    setPrivateNetworks('deny');
    for (const url of ['https://hooks.example.com/leasewire', 'http://93.184.216.34/x', 'https://internal.corp.example/x']) {
      const res = await send('POST', '/v1/webhooks/', { url, triggers });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('PUT refuses a private URL and leaves the webhook as it was', async () => {
    const created = await send('POST', '/v1/webhooks/', { url: 'https://hooks.example.com/a', triggers });
    const id = (created.json() as { result: { id: string } }).result.id;
    setPrivateNetworks('deny');
    expectRefused(await send('PUT', `/v1/webhooks/${id}`, { url: 'http://192.168.0.10/hook' }), '192.168.0.10');
    const after = await ctx().app.inject({ method: 'GET', url: `/v1/webhooks/${id}`, headers: ctx().tenant.headers });
    expect((after.json() as { results: { url: string } }).results.url).toBe('https://hooks.example.com/a');
  });

  it('under allow (embedded mode) a receiver on this machine is accepted', async () => {
    const res = await send('POST', '/v1/webhooks/', { url: 'http://127.0.0.1:8080/hooks', triggers });
    expect(res.statusCode, res.body).toBe(200);
  });
});
