import { describe, expect, it } from 'vitest';
import { expectPrivateHostRefused, privateNetworksContext } from '../../../../../test/support/privateNetworks.ts';
import { setPrivateNetworks } from '../../../../lib/outboundPolicy.ts';

// An integration's base_url under LEASEWIRE_PRIVATE_NETWORKS=deny: a literal private IP or
// localhost is refused when saved, as webhook URLs are; a host name is judged when it is called.
const { ctx } = privateNetworksContext();
const send = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) => ctx().app.inject({ method, url, headers: ctx().tenant.headers, payload });
const body = (base_url: string) => ({ integration_vendor: 'ENTRATA', name: 'Private', credentials: { subdomain: 'acme', apiKey: 'k-1', base_url } });
const expectRefused = (res: Parameters<typeof expectPrivateHostRefused>[0], host: string) => expectPrivateHostRefused(res, ['credentials', 'base_url'], host);

describe('integration base_url under LEASEWIRE_PRIVATE_NETWORKS=deny', () => {
  it.each([
    ['http://127.0.0.1:4010', '127.0.0.1'],
    ['http://169.254.169.254', '169.254.169.254'],
    ['http://localhost:4010', 'localhost'],
  ])('POST refuses %s', async (url, host) => {
    setPrivateNetworks('deny');
    expectRefused(await send('POST', '/v1/admin/integrations/', body(url)), host);
  });

  it('PUT refuses a private base_url, the deprecated top-level one too', async () => {
    const created = await send('POST', '/v1/admin/integrations/', body('https://acme.example.com'));
    expect(created.statusCode, created.body).toBe(200);
    const id = (created.json() as { result: { id: string } }).result.id;
    setPrivateNetworks('deny');
    expectRefused(await send('PUT', `/v1/admin/integrations/${id}`, { credentials: { subdomain: 'acme', apiKey: 'k-2', base_url: 'http://10.1.2.3' } }), '10.1.2.3');
    expectRefused(await send('PUT', `/v1/admin/integrations/${id}`, { base_url: 'http://192.168.0.10:8080' }), '192.168.0.10');
  });

  it('accepts public hosts under deny, and private ones under allow', async () => {
    setPrivateNetworks('deny');
    expect((await send('POST', '/v1/admin/integrations/', body('https://entrata.example.com'))).statusCode).toBe(200);
    setPrivateNetworks('allow');
    expect((await send('POST', '/v1/admin/integrations/', body('http://127.0.0.1:4010'))).statusCode).toBe(200);
  });
});
