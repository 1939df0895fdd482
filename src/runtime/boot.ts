import path from 'node:path';
import type { Config } from '../config.ts';
import type { AppDeps } from '../api/deps.ts';
import { Sealer } from '../lib/crypto.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { loadOrCreateSecretKey, verifySecretKey } from './secretKey.ts';

export interface Runtime {
  config: Config;
  store: Store;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Opens the store, applies migrations and checks the secret key: what every process does first. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'leasewire.db') });
  try {
    await migrateToLatest(store.db, store.pgSchema);
    const sealer = new Sealer(loadOrCreateSecretKey(config.secretKey, config.dataDir));
    await verifySecretKey(store.db, sealer);
    const deps: AppDeps = { store, sealer };
    return { config, store, deps, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}
