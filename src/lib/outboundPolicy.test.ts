import type dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, httpRequestKeeping } from './httpRequest.ts';
import { isPrivateAddress, lookup, makeLookup, PrivateAddressError, privateHostProblem, refusedLiteral, setPrivateNetworks } from './outboundPolicy.ts';

afterEach(() => setPrivateNetworks('allow'));

describe('isPrivateAddress', () => {
  it.each([
    // [inside the range, just outside it]
    ['0.0.0.0', '1.0.0.0'],
    ['0.255.255.255', '1.0.0.1'],
    ['10.0.0.0', '9.255.255.255'],
    ['10.255.255.255', '11.0.0.0'],
    ['100.64.0.0', '100.63.255.255'],
    ['100.127.255.255', '100.128.0.0'],
    ['127.0.0.1', '126.255.255.255'],
    ['127.255.255.255', '128.0.0.0'],
    ['169.254.169.254', '169.253.255.255'],
    ['169.254.255.255', '169.255.0.0'],
    ['172.16.0.0', '172.15.255.255'],
    ['172.31.255.255', '172.32.0.0'],
    ['192.0.0.0', '191.255.255.255'],
    ['192.0.0.255', '192.0.1.0'],
    ['192.168.0.0', '192.167.255.255'],
    ['192.168.255.255', '192.169.0.0'],
    ['198.18.0.0', '198.17.255.255'],
    ['198.19.255.255', '198.20.0.0'],
    ['224.0.0.0', '223.255.255.255'],
    ['255.255.255.255', '8.8.8.8'],
    ['240.0.0.1', '93.184.216.34'],
  ])('IPv4: %s is private, %s is not', (inside, outside) => {
    expect(isPrivateAddress(inside)).toBe(true);
    expect(isPrivateAddress(outside)).toBe(false);
  });

  it.each([
    ['::', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::2', true], // IPv4-compatible 0.0.0.2, in 0/8
    ['::100:0', false], // IPv4-compatible 1.0.0.0
    ['fc00::', true],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['fe00::1', false],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['febf:ffff::1', true],
    ['fec0::1', true], // site-local (deprecated)
    ['feff::1', true],
    ['ff02::1', true],
    ['ff00::', true],
    ['2001:4860:4860::8888', false],
    ['2606:4700::1111', false],
  ])('IPv6: %s → %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it.each([
    ['::ffff:10.0.0.5', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true], // 127.0.0.1 as the URL parser writes it
    ['::ffff:a9fe:a9fe', true], // 169.254.169.254
    ['0:0:0:0:0:ffff:ac10:0', true], // 172.16.0.0
    ['::ffff:ac0f:ffff', false], // 172.15.255.255
    ['::ffff:8.8.8.8', false],
    ['::ffff:5db8:d822', false], // 93.184.216.34
  ])('IPv4-mapped IPv6: %s → %s (judged as the IPv4 address)', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it.each([
    ['64:ff9b::10.0.0.5', true],
    ['64:ff9b::a9fe:a9fe', true], // NAT64 of 169.254.169.254
    ['64:ff9b::8.8.8.8', false],
    ['64:ff9b:1::a00:5', false], // not the well-known /96 prefix
    ['2002:7f00:1::', true], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', true], // 6to4 of 192.168.1.1
    ['2002:808:808::1', false], // 6to4 of 8.8.8.8
    ['::10.0.0.5', true], // IPv4-compatible (deprecated)
    ['::8.8.8.8', false],
  ])('IPv6 carrying an IPv4 address: %s → %s (judged as that address)', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it.each([['localhost'], ['example.com'], [''], ['10.0.0'], ['not an ip']])('%j is not an address, so not private', (value) => {
    expect(isPrivateAddress(value)).toBe(false);
  });
});

describe('literal hosts', () => {
  it('refuses a literal private IP under deny only, names it and says how to allow it', () => {
    expect(refusedLiteral('127.0.0.1')).toBeNull();
    setPrivateNetworks('deny');
    const err = refusedLiteral('10.0.0.5');
    expect(err).toBeInstanceOf(PrivateAddressError);
    expect(err?.code).toBe('ELEASEWIRE_PRIVATE_ADDRESS');
    expect(err?.message).toBe('refused to connect to 10.0.0.5 (a private address): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks');
    expect(refusedLiteral('[::1]')?.address).toBe('::1');
    expect(refusedLiteral('8.8.8.8')).toBeNull();
    // Names are judged on their address, in lookup.
    expect(refusedLiteral('localhost')).toBeNull();
  });

  it('privateHostProblem: private IPs and localhost under deny, nothing under allow', () => {
    expect(privateHostProblem('localhost')).toBeNull();
    setPrivateNetworks('deny');
    for (const host of ['127.0.0.1', '[::1]', '169.254.169.254', '[::ffff:a00:5]', 'localhost', 'LOCALHOST.', 'api.localhost']) {
      expect(privateHostProblem(host), host).toMatch(/a private address.*LEASEWIRE_PRIVATE_NETWORKS=deny.*use a public address, or ask the operator to set LEASEWIRE_PRIVATE_NETWORKS=allow/);
    }
    for (const host of ['hooks.example.com', '93.184.216.34', '[2606:4700::1111]', 'localhost.example.com']) expect(privateHostProblem(host), host).toBeNull();
  });
});

describe('lookup', () => {
  type Answer = dns.LookupAddress[] | NodeJS.ErrnoException;
  const fake = (answers: Record<string, Answer>) =>
    makeLookup((hostname, _options, callback) => {
      const a = answers[hostname];
      setImmediate(() => (a === undefined ? callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []) : Array.isArray(a) ? callback(null, a) : callback(a, [])));
    });
  const resolve = (fn: ReturnType<typeof makeLookup>, hostname: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family?: number }>((done) => fn(hostname, { all }, (err, address, family) => done({ err, address, family })));
  const answers = {
    'public.example': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::', family: 6 }],
    'internal.example': [{ address: '10.0.0.5', family: 4 }],
    'rebound.example': [{ address: '93.184.216.34', family: 4 }, { address: '::ffff:169.254.169.254', family: 6 }],
  };

  it('under allow passes every answer through, in the shape asked for', async () => {
    const fn = fake(answers);
    expect(await resolve(fn, 'internal.example', false)).toEqual({ err: null, address: '10.0.0.5', family: 4 });
    expect((await resolve(fn, 'public.example', true)).address).toEqual(answers['public.example']);
  });

  it('under deny answers a public name as asked, and refuses a name when any of its addresses is private', async () => {
    setPrivateNetworks('deny');
    const fn = fake(answers);
    expect(await resolve(fn, 'public.example', false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await resolve(fn, 'public.example', true)).address).toEqual(answers['public.example']);
    const internal = await resolve(fn, 'internal.example', false);
    expect(internal.err).toBeInstanceOf(PrivateAddressError);
    expect(internal.err?.code).toBe('ELEASEWIRE_PRIVATE_ADDRESS');
    expect(internal.err?.message).toBe('refused to connect to internal.example (10.0.0.5, a private address): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks');
    const rebound = await resolve(fn, 'rebound.example', true);
    expect(rebound.err?.message).toMatch(/^refused to connect to rebound\.example \(::ffff:169\.254\.169\.254, a private address\)/);
  });

  it("passes the resolver's own errors through", async () => {
    setPrivateNetworks('deny');
    const res = await resolve(fake(answers), 'missing.example', false);
    expect(res.err?.code).toBe('ENOTFOUND');
  });

  it('on the system resolver, refuses localhost under deny', async () => {
    setPrivateNetworks('deny');
    const res = await resolve(lookup, 'localhost', true);
    expect(res.err?.code).toBe('ELEASEWIRE_PRIVATE_ADDRESS');
    expect(res.err?.message).toMatch(/^refused to connect to localhost \((127\.0\.0\.1|::1), a private address\)/);
  });
});

describe('httpRequest under the policy', () => {
  let server: http.Server;
  let port: number;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        if (req.url === '/long') {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('é'.repeat(5000));
        } else {
          res.writeHead(200, 'Fine Thanks');
          res.end('hello');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reaches a server on 127.0.0.1 under allow (the library default)', async () => {
    const res = await httpRequest(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
  });

  it('refuses 127.0.0.1 under deny before sending anything', async () => {
    setPrivateNetworks('deny');
    const before = requests;
    const err = await httpRequest(`http://127.0.0.1:${port}/`, { method: 'POST', headers: {}, body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivateAddressError);
    expect((err as Error).message).toBe('refused to connect to 127.0.0.1 (a private address): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks');
    await expect(httpRequest(`http://[::ffff:127.0.0.1]:${port}/`, { method: 'GET', headers: {} })).rejects.toThrow(/refused to connect to ::ffff:7f00:1/);
    expect(requests).toBe(before);
  });

  it('refuses a name that resolves to a private address under deny, at connect time', async () => {
    // A connection kept from an earlier test under allow must not be reused either.
    await httpRequest(`http://localhost:${port}/`, { method: 'GET', headers: {} }).catch(() => undefined);
    setPrivateNetworks('deny');
    const before = requests;
    const err = await httpRequest(`http://localhost:${port}/`, { method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ELEASEWIRE_PRIVATE_ADDRESS');
    expect((err as Error).message).toMatch(/^refused to connect to localhost \(.+, a private address\): set LEASEWIRE_PRIVATE_NETWORKS=allow/);
    expect(requests).toBe(before);
  });

  it('httpRequestKeeping: keeps the status text, discards a body asked 0 characters of, cuts a long one', async () => {
    const ok = await httpRequestKeeping(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} }, () => 0);
    expect({ status: ok.status, statusText: ok.statusText, text: await ok.text() }).toEqual({ status: 200, statusText: 'Fine Thanks', text: '' });
    const long = await httpRequestKeeping(`http://127.0.0.1:${port}/long`, { method: 'GET', headers: {} }, () => 100);
    expect(long.status).toBe(500);
    expect(await long.text()).toBe('é'.repeat(100));
  });
});
