import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../../../sandbox/entrata/index.ts';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { closedPortUrl } from '../../../../../test/support/closedPort.ts';
import { httpRequest } from '../../../../lib/httpRequest.ts';
import { getIntegration as getIntegrationRow } from '../../../../store/repositories/integrations.ts';
import { runSync } from '../../../../sync/engine.ts';

// Credentials are checked with the PMS when they are saved (POST/PUT /v1/admin/integrations),
// here against the Entrata sandbox over HTTP, and can_authenticate follows what the PMS last said.
let ctx: TestContext;
let sandbox: SandboxHandle;

type Json = Record<string, unknown>;
const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Json) =>
  ctx.app.inject({ method, url, headers: ctx.tenant.headers, ...(payload ? { payload } : {}) });
const keyCreds = () => ({ subdomain: sandbox.info.subdomain, apiKey: sandbox.info.apiKey, base_url: sandbox.url });
const basicCreds = () => ({ subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: sandbox.info.password, base_url: sandbox.url });
const body = (credentials: Json) => ({ integration_vendor: 'ENTRATA', name: 'Checked', credentials });
const statusCalls = async () => {
  const res = await fetch(`${sandbox.url}/__sandbox/requests`);
  const { requests } = (await res.json()) as { requests: Array<{ service: string; method: string | null }> };
  return requests.filter((r) => r.method === 'getStatus').length;
};
const integrationCount = async () => Number((await ctx.store.db.selectFrom('integrations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 21, size: 'small', quiet: true });
  ctx = await createTestContext({}, { pmsFetch: httpRequest });
});
afterAll(async () => {
  await ctx.close();
  await sandbox.close();
});

describe('POST /v1/admin/integrations/ checks the credentials with the PMS', () => {
  it('saves credentials Entrata takes, with can_authenticate true and the call in ping_results', async () => {
    for (const credentials of [keyCreds(), basicCreds(), { companyId: sandbox.info.subdomain, apiKey: sandbox.info.apiKey, base_url: sandbox.url }]) {
      const before = await statusCalls();
      const res = await send('POST', '/v1/admin/integrations/', body(credentials));
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json().result;
      expect(result).toMatchObject({ can_authenticate: true, ping_results: { 'status/getStatus': 'ok' }, credentials_check: { status: 'ok', call: 'status/getStatus', message: null } });
      expect(Date.parse(result.last_data_access_check)).toBeGreaterThan(Date.now() - 60_000);
      expect(await statusCalls()).toBe(before + 1);
    }
  });

  it('keeps Propexo\'s {apiKey, companyId} as given and calls the organization it names', async () => {
    const res = await send('POST', '/v1/admin/integrations/', body({ companyId: sandbox.info.subdomain, apiKey: sandbox.info.apiKey, base_url: sandbox.url }));
    expect(res.json().result.credentials_summary).toEqual({ companyId: sandbox.info.subdomain, auth: 'apiKey', base_url: sandbox.url });
  });

  it.each([
    ['a wrong API key', () => ({ ...keyCreds(), apiKey: 'ek_WRONG_key_0001' }), [['credentials', 'apiKey']], /credentials\.apiKey: Entrata refused this API key .*Invalid API key.*Check the key/],
    ['a key for another organization', () => ({ ...keyCreds(), subdomain: 'elsewhere' }), [['credentials', 'apiKey']], /not valid for organization "elsewhere".*subdomain is the company's Entrata subdomain/],
    ['a wrong password', () => ({ ...basicCreds(), password: 'pw_WRONG_0002' }), [['credentials', 'username'], ['credentials', 'password']], /credentials\.username, credentials\.password: .*Invalid username or password.*Check both/],
  ])('answers 400 for %s, naming the refused credential, and saves nothing', async (_name, credentials, paths, message) => {
    const before = await integrationCount();
    const res = await send('POST', '/v1/admin/integrations/', body(credentials()));
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was saved/);
    expect(error.details.issues.map((i: { path: string[] }) => i.path)).toEqual(paths);
    expect(res.body).not.toMatch(/WRONG/);
    expect(await integrationCount()).toBe(before);
  });

  it('saves when the PMS cannot be reached, and says so (nothing listening, HTTP 503, a hang)', async () => {
    const closed = await send('POST', '/v1/admin/integrations/', body({ ...keyCreds(), base_url: await closedPortUrl() }));
    expect(closed.statusCode).toBe(200);
    expect(closed.json().result).toMatchObject({
      can_authenticate: false,
      credentials_check: { status: 'unreachable', message: expect.stringMatching(/Could not connect to Entrata .*ECONNREFUSED.*could not check the credentials/) },
      ping_results: { 'status/getStatus': expect.stringMatching(/^unreachable: /) },
    });
    sandbox.setFaults({ 'status/getStatus': [{ kind: 'http', status: 503, times: 1 }] });
    const down = await send('POST', '/v1/admin/integrations/', body(keyCreds()));
    expect(down.statusCode).toBe(200);
    expect(down.json().result.credentials_check).toMatchObject({ status: 'unreachable', message: expect.stringMatching(/HTTP 503/) });
    sandbox.setFaults({});
  });
});

describe('PUT /v1/admin/integrations/{id} checks new credentials, and only new ones', () => {
  it('refuses wrong ones with a 400 and keeps the stored ones; checks a moved base_url; leaves other edits unchecked', async () => {
    const created = (await send('POST', '/v1/admin/integrations/', body(basicCreds()))).json().result as { id: string };
    const url = `/v1/admin/integrations/${created.id}`;
    const refused = await send('PUT', url, { credentials: { ...basicCreds(), password: 'pw_WRONG_0003' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[1].path).toEqual(['credentials', 'password']);
    const row = await getIntegrationRow(ctx.store.db, ctx.tenant.accountId, created.id);
    expect(JSON.parse(ctx.deps.sealer.open(row?.credentials ?? ''))).toEqual(basicCreds());
    expect((await send('GET', url)).json().results.can_authenticate).toBe(true);

    const before = await statusCalls();
    expect((await send('PUT', url, { name: 'Renamed', active: false })).statusCode).toBe(200);
    expect(await statusCalls()).toBe(before);

    const moved = await send('PUT', url, { base_url: await closedPortUrl() });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().result).toMatchObject({ can_authenticate: false, credentials_check: { status: 'unreachable' } });
    const back = await send('PUT', url, { base_url: sandbox.url });
    expect(back.json().result).toMatchObject({ can_authenticate: true, credentials_check: { status: 'ok' } });
  });
});

describe('can_authenticate follows what the PMS last said', () => {
  it('turns false when a sync is refused after the credentials changed in Entrata, and true again once fixed', async () => {
    // Entrata "rotates" the credentials: a sandbox of another seed takes over the same address.
    const first = await startSandbox({ port: 0, seed: 31, size: 'small', quiet: true });
    const port = Number(new URL(first.url).port);
    const creds = { subdomain: first.info.subdomain, username: first.info.username, password: first.info.password, base_url: first.url };
    const created = (await send('POST', '/v1/admin/integrations/', body(creds))).json().result as { id: string; can_authenticate: boolean };
    expect(created.can_authenticate).toBe(true);
    const url = `/v1/admin/integrations/${created.id}`;
    expect((await runSync(ctx.deps, created.id, { models: ['properties'] })).state).toBe('succeeded');
    expect((await send('GET', url)).json().results).toMatchObject({ can_authenticate: true, credentials_check: { status: 'ok', call: 'sync' } });
    await first.close();

    const rotated = await startSandbox({ port, seed: 32, size: 'small', quiet: true });
    try {
      expect(rotated.info.password).not.toBe(first.info.password);
      const run = await runSync(ctx.deps, created.id, { models: ['properties'] });
      expect(run.state).toBe('failed');
      const after = (await send('GET', url)).json().results;
      expect(after).toMatchObject({
        can_authenticate: false,
        credentials_check: { status: 'refused', call: 'sync', message: expect.stringMatching(/refused the credentials/) },
        ping_results: { sync: expect.stringMatching(/^refused: Entrata refused the credentials/) },
      });
      expect(after.last_data_access_check).toBe(after.credentials_check.checked_at);

      const fixed = await send('PUT', url, { credentials: { subdomain: rotated.info.subdomain, username: rotated.info.username, password: rotated.info.password, base_url: rotated.url } });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json().result).toMatchObject({ can_authenticate: true, credentials_check: { status: 'ok', call: 'status/getStatus' } });
    } finally {
      await rotated.close();
    }
  });

  it('a sync does not speak for credentials saved while it ran', async () => {
    const created = (await send('POST', '/v1/admin/integrations/', body(keyCreds()))).json().result as { id: string };
    sandbox.setFaults({ 'properties/getProperties': [{ kind: 'latency', ms: 1500 }] });
    try {
      const running = runSync(ctx.deps, created.id, { models: ['properties'] });
      await new Promise((r) => setTimeout(r, 300));
      const moved = await send('PUT', `/v1/admin/integrations/${created.id}`, { credentials: { ...keyCreds(), base_url: await closedPortUrl() } });
      expect(moved.json().result.credentials_check.status).toBe('unreachable');
      expect((await running).state).toBe('succeeded');
    } finally {
      sandbox.setFaults({});
    }
    expect((await send('GET', `/v1/admin/integrations/${created.id}`)).json().results).toMatchObject({ can_authenticate: false, credentials_check: { status: 'unreachable', call: 'status/getStatus' } });
  });

  it('a sync that fails for another reason leaves it as it was', async () => {
    const created = (await send('POST', '/v1/admin/integrations/', body(keyCreds()))).json().result as { id: string };
    sandbox.setFaults({ 'properties/getProperties': [{ kind: 'envelope', code: 500 }] });
    try {
      expect((await runSync(ctx.deps, created.id, { models: ['properties'] })).state).toBe('failed');
    } finally {
      sandbox.setFaults({});
    }
    expect((await send('GET', `/v1/admin/integrations/${created.id}`)).json().results).toMatchObject({ can_authenticate: true, credentials_check: { status: 'ok', call: 'status/getStatus' } });
  }, 60_000);
});
