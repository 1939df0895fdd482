import { afterEach, describe, expect, it } from 'vitest';
import { setPrivateNetworks } from '../../lib/outboundPolicy.ts';
import { EntrataClient } from './client.ts';
import { EntrataError } from './errors.ts';

afterEach(() => setPrivateNetworks('allow'));

describe('an Entrata base_url on a private address under LEASEWIRE_PRIVATE_NETWORKS=deny', () => {
  it('fails at once, permanent and not applied, saying what to set or change', async () => {
    setPrivateNetworks('deny');
    const client = new EntrataClient({ subdomain: 'acme', username: 'u', password: 'p', base_url: 'http://127.0.0.1:1' }, { integrationId: 'int_test', onCall: () => undefined });
    const err = await client.call({ service: 'properties', method: 'getProperties' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EntrataError);
    expect(err).toMatchObject({ reason: 'network', kind: 'permanent', outcome: 'not_applied' });
    expect((err as Error).message).toBe(
      'Could not call Entrata for properties/getProperties: refused to connect to 127.0.0.1 (a private address): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks, or point base_url at a public address',
    );
    expect(client.calls).toBe(1);
  });
});
