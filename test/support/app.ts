import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/api/app.ts';
import type { AppDeps } from '../../src/api/deps.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { openTestStore, type TestStore } from './store.ts';

export interface TestTenant {
  accountId: string;
  apiKey: string;
  headers: { authorization: string };
}

export interface TestContext {
  store: TestStore;
  deps: AppDeps;
  app: FastifyInstance;
  /** The main tenant the test acts as. */
  tenant: TestTenant;
  /** A second tenant, for "another account cannot see it" tests. */
  other: TestTenant;
  close(): Promise<void>;
}

export async function createTenant(store: TestStore, name: string): Promise<TestTenant> {
  const account = await createAccount(store.db, name);
  const { key } = await createApiKey(store.db, account.id, `${name} key`);
  return { accountId: account.id, apiKey: key, headers: { authorization: `Bearer ${key}` } };
}

/** A migrated store, an app on it (not listening: use app.inject), and two tenants. */
export async function createTestContext(options: AppOptions = {}, extraDeps: Partial<AppDeps> = {}): Promise<TestContext> {
  const store = await openTestStore();
  const deps: AppDeps = { store, sealer: new Sealer(randomBytes(32)), ...extraDeps };
  const app = await buildApp(deps, { rateLimitPerMinute: 100_000, ...options });
  await app.ready();
  const tenant = await createTenant(store, 'Acme Leasing');
  const other = await createTenant(store, 'Other Co');
  return {
    store,
    deps,
    app,
    tenant,
    other,
    close: async () => {
      await app.close();
      await store.cleanup();
    },
  };
}
