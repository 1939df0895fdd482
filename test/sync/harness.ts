import { randomBytes } from 'node:crypto';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { modelNames } from '../../src/store/models.ts';
import type { SyncDeps } from '../../src/sync/engine.ts';
import { openTestStore, type TestStore } from '../support/store.ts';

/** A migrated store, an Entrata sandbox and one integration pointing at it. */
export interface SyncHarness {
  store: TestStore;
  sandbox: SandboxHandle;
  deps: SyncDeps;
  sealer: Sealer;
  secretKey: Buffer;
  integration: IntegrationRow;
  close(): Promise<void>;
}

export async function createSyncHarness(options: { credentials?: Record<string, string>; size?: 'small' | 'medium' | 'large'; faults?: Parameters<typeof startSandbox>[0] extends infer O ? O extends { faults?: infer F } ? F : never : never } = {}): Promise<SyncHarness> {
  const store = await openTestStore();
  const sandbox = await startSandbox({ port: 0, seed: 7, size: options.size ?? 'small', quiet: true, ...(options.faults ? { faults: options.faults } : {}) });
  const secretKey = randomBytes(32);
  const sealer = new Sealer(secretKey);
  const account = await createAccount(store.db, 'Sync Co');
  const credentials = options.credentials ?? { subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: sandbox.info.password, base_url: sandbox.url };
  const integration = await insertIntegration(store.db, {
    account_id: account.id,
    vendor: 'ENTRATA',
    name: 'Sandbox',
    credentials: sealer.seal(JSON.stringify(credentials)),
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
  return {
    store,
    sandbox,
    deps: { store, sealer },
    sealer,
    secretKey,
    integration,
    close: async () => {
      await sandbox.close();
      await store.cleanup();
    },
  };
}

/** Every stored record of every model, our ids masked (they derive from the integration id), sorted. */
export async function snapshot(x: SyncHarness): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const m of modelNames) {
    const rows = await x.store.db.selectFrom(m).select(['x_id', 'x_property_id', 'data', 'internal']).execute();
    out[m] = rows.map((r) => `${r.x_property_id ?? ''}/${r.x_id}=${r.data}|${r.internal ?? ''}`.replace(/"c[0-9a-z]{24}"/g, '"ID"')).sort();
  }
  return out;
}

/** How many records of a model the harness's integration holds. */
export async function countOf(h: SyncHarness, model: (typeof modelNames)[number]): Promise<number> {
  const row = await h.store.db.selectFrom(model).select((eb) => eb.fn.countAll().as('n')).where('integration_id', '=', h.integration.id).executeTakeFirstOrThrow();
  return Number(row.n);
}
