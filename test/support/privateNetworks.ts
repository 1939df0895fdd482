import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { setPrivateNetworks } from '../../src/lib/outboundPolicy.ts';
import { createTestContext, type TestContext } from './app.ts';

/**
 * A test context for routes that save tenant URLs under LEASEWIRE_PRIVATE_NETWORKS: the policy is
 * process-wide, so every test puts it back to the library default (allow) afterwards.
 */
export function privateNetworksContext(): { ctx: () => TestContext } {
  let ctx: TestContext | undefined;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());
  afterEach(() => setPrivateNetworks('allow'));
  return { ctx: () => ctx! };
}

/** The 400 for a URL whose host is private under deny: one issue at `path`, naming the setting. */
export function expectPrivateHostRefused(res: { statusCode: number; body: string; json(): unknown }, path: string[], host: string): void {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = res.json() as { error: { code: string; message: string; details: { issues: Array<{ path: unknown[]; message: string }> } } };
  expect(error.code).toBe('invalid_request');
  const issue = error.details.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(issue?.message, JSON.stringify(error)).toBe(
    `points at ${host}, a private address, which this server does not call (LEASEWIRE_PRIVATE_NETWORKS=deny): use a public address, or ask the operator to set LEASEWIRE_PRIVATE_NETWORKS=allow`,
  );
  expect(error.message).toContain(`${path.join('.')}: points at ${host}`);
}
