import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../sandbox/entrata/index.ts';
import { closedPortUrl } from '../../../test/support/closedPort.ts';
import { checkEntrataCredentials, entrataCredentialsRefused, refusalOf } from './checkCredentials.ts';
import { EntrataError } from './errors.ts';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 11, size: 'small', quiet: true });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setFaults({}));

const good = () => {
  const { subdomain, apiKey, username, password } = sandbox.info;
  return { key: { subdomain, apiKey, base_url: sandbox.url }, basic: { subdomain, username, password, base_url: sandbox.url } };
};

describe('checkEntrataCredentials against the sandbox', () => {
  it('is ok for the right API key, username/password, and Propexo\'s {apiKey, companyId}', async () => {
    const { key, basic } = good();
    expect(await checkEntrataCredentials(key)).toEqual({ status: 'ok', call: 'status/getStatus' });
    expect(await checkEntrataCredentials(basic)).toEqual({ status: 'ok', call: 'status/getStatus' });
    expect(await checkEntrataCredentials({ companyId: key.subdomain, apiKey: key.apiKey, base_url: sandbox.url })).toMatchObject({ status: 'ok' });
  });

  it('names the API key when Entrata refuses it, and passes on what Entrata said', async () => {
    const res = await checkEntrataCredentials({ ...good().key, apiKey: 'wrong-key' });
    expect(res).toMatchObject({ status: 'refused', fields: ['apiKey'] });
    if (res.status === 'refused') expect(res.message).toMatch(/refused this API key for organization ".+" \(Entrata said: "Invalid API key\."\)\. Check the key/);
  });

  it('refuses a key used with another organization, subdomain or companyId', async () => {
    const { key } = good();
    const other = await checkEntrataCredentials({ ...key, subdomain: 'someoneelse' });
    expect(other).toMatchObject({ status: 'refused', fields: ['apiKey'] });
    if (other.status === 'refused') expect(other.message).toMatch(/"someoneelse".*not valid for organization.*subdomain is the company's Entrata subdomain/);
    const propexo = await checkEntrataCredentials({ companyId: 'someoneelse', apiKey: key.apiKey, base_url: sandbox.url });
    if (propexo.status !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(propexo)}`);
    expect(propexo.message).toMatch(/companyId is the company's Entrata subdomain/);
  });

  it('names username and password for a wrong password (Entrata does not say which is wrong)', async () => {
    const res = await checkEntrataCredentials({ ...good().basic, password: 'nope' });
    expect(res).toMatchObject({ status: 'refused', fields: ['username', 'password'] });
    if (res.status === 'refused') expect(res.message).toContain(`for ${sandbox.url} (Entrata said: "Invalid username or password.")`);
    expect(await checkEntrataCredentials({ ...good().basic, username: 'nobody' })).toMatchObject({ status: 'refused', fields: ['username', 'password'] });
  });

  it('reports a PMS that fails, throttles or hangs as unreachable, never as refused', async () => {
    const { key } = good();
    sandbox.setFaults({ 'status/getStatus': [{ kind: 'http', status: 503 }] });
    expect(await checkEntrataCredentials(key)).toMatchObject({ status: 'unreachable', message: expect.stringMatching(/HTTP 503.*could not check/) });
    sandbox.setFaults({ 'status/getStatus': [{ kind: 'throttle', retryAfter: 30 }] });
    expect(await checkEntrataCredentials(key)).toMatchObject({ status: 'unreachable', message: expect.stringMatching(/throttled/) });
    sandbox.setFaults({ 'status/getStatus': [{ kind: 'envelope', code: 500 }] });
    expect(await checkEntrataCredentials(key)).toMatchObject({ status: 'unreachable' });
    sandbox.setFaults({ 'status/getStatus': [{ kind: 'hang' }] });
    expect(await checkEntrataCredentials(key, { timeoutMs: 300 })).toMatchObject({ status: 'unreachable', message: expect.stringMatching(/did not answer .* within 300 ms/) });
  });
});

describe('checkEntrataCredentials without a sandbox', () => {
  it('reports a host where nothing listens as unreachable', async () => {
    const res = await checkEntrataCredentials({ subdomain: 'acme', apiKey: 'k', base_url: await closedPortUrl() });
    expect(res).toMatchObject({ status: 'unreachable', call: 'status/getStatus', message: expect.stringMatching(/ECONNREFUSED.*could not check the credentials/) });
  });

  it('uses the transport it is given and never throws for its failures', async () => {
    const urls: string[] = [];
    const res = await checkEntrataCredentials({ companyId: 'acme', apiKey: 'k' }, {
      fetch: (url) => {
        urls.push(url);
        return Promise.reject(new TypeError('no network here'));
      },
    });
    expect(urls).toEqual(['https://apis.entrata.com/ext/orgs/acme/v1/status']);
    expect(res.status).toBe('unreachable');
  });

  describe('a base_url that is not Entrata', () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((_req, res) => res.writeHead(404).end('Not Found'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('is refused naming base_url (HTTP 404: no such API there)', async () => {
      const res = await checkEntrataCredentials({ subdomain: 'acme', username: 'u', password: 'p', base_url: url });
      expect(res).toMatchObject({ status: 'refused', fields: ['base_url'] });
      if (res.status === 'refused') expect(res.message).toContain(`${url}/api/v1/status is not an Entrata API`);
    });
  });
});

describe('refusalOf and entrataCredentialsRefused', () => {
  it('names the subdomain when there is no base_url to blame for a 404, and leaves other reasons alone', () => {
    expect(refusalOf({ subdomain: 'acme', apiKey: 'k' }, 'unknown_method', undefined)?.fields).toEqual(['subdomain']);
    expect(refusalOf({ subdomain: 'acme', apiKey: 'k' }, 'access', 'No access.')).toMatchObject({ fields: ['apiKey'], message: expect.stringMatching(/Apps → API Access/) });
    expect(refusalOf({ subdomain: 'acme', username: 'u', password: 'p' }, 'access', undefined)?.fields).toEqual(['username']);
    for (const reason of ['server', 'busy', 'timeout', 'network', 'rate_limited', 'validation', 'protocol']) expect(refusalOf({ subdomain: 'a', apiKey: 'k' }, reason, undefined)).toBeNull();
  });

  it('counts only a refusal of the credentials as one, not a denied property', () => {
    expect(entrataCredentialsRefused(new EntrataError('credentials', 'permanent', 'not_applied', 'x'))).toBe(true);
    expect(entrataCredentialsRefused(new EntrataError('access', 'permanent', 'not_applied', 'x'))).toBe(false);
    expect(entrataCredentialsRefused(new Error('credentials'))).toBe(false);
  });
});
