import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildiumSandbox, type BuildiumSandboxHandle } from '../../../sandbox/buildium/index.ts';
import { checkBuildiumCredentials } from './checkCredentials.ts';

let sb: BuildiumSandboxHandle;
beforeAll(async () => {
  sb = await startBuildiumSandbox({ quiet: true, rateLimitPerSecond: 0 });
});
afterAll(() => sb?.close());

describe('checkBuildiumCredentials', () => {
  it('accepts the sandbox\'s key and names what is wrong otherwise', async () => {
    expect(await checkBuildiumCredentials({ clientId: sb.clientId, secret: sb.secret, base_url: sb.url })).toEqual({ status: 'ok', call: 'GET /v1/rentals' });
    const wrong = await checkBuildiumCredentials({ clientId: sb.clientId, secret: 'nope', base_url: sb.url });
    expect(wrong).toMatchObject({ status: 'refused', fields: ['clientId', 'secret'] });
    expect(wrong.status === 'refused' ? wrong.message : '').toMatch(/HTTP 401.*Check the integration's clientId and secret/);
    const down = await checkBuildiumCredentials({ clientId: 'a', secret: 'b', base_url: 'http://127.0.0.1:1' });
    expect(down).toMatchObject({ status: 'unreachable' });
  });
});
