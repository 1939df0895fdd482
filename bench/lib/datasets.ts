import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createApiKey } from '../../src/store/repositories/accounts.ts';
import { seedReadDataset, type SeedPlan, type SeededDataset } from './seed.ts';
import { adminQuery, createBenchSchema } from './postgres.ts';
import type { ServerSpec } from './server.ts';

/** A seeded database ready to serve: where it is, how to reach it, and a key for it. */
export interface PreparedDataset {
  variant: 'sqlite' | 'postgres';
  dataset: SeededDataset;
  server: ServerSpec;
  apiKey: string;
  /** True when the SQLite file came from the cache (dataset.seconds is then the original seeding). */
  cached: boolean;
  cleanup(): Promise<void>;
}

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = path.join(os.tmpdir(), 'leasewire-bench-cache');

/**
 * Everything that decides the bytes of a seeded database: the migrations, the model descriptors,
 * the upsert and id code, the seeder itself, and the plan. Any change to them is a new cache key,
 * so a stale file is never served.
 */
function cacheKey(plan: SeedPlan): string {
  const hash = createHash('sha256').update(JSON.stringify(plan));
  const sources = [
    ...fs.readdirSync(path.join(repoRoot, 'src/store/migrations')).sort().map((f) => `src/store/migrations/${f}`),
    'src/store/models.ts',
    'src/store/db.ts',
    'src/store/repositories/records.ts',
    'src/store/repositories/accounts.ts',
    'src/store/repositories/integrations.ts',
    'src/lib/ids.ts',
    'bench/lib/seed.ts',
  ];
  for (const file of sources) hash.update(file).update('\0').update(fs.readFileSync(path.join(repoRoot, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function addKey(store: Store, accountId: string): Promise<string> {
  return (await createApiKey(store.db, accountId, 'bench')).key;
}

function progressLogger(log: (m: string) => void, label: string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last > 10_000 || done >= total) {
      last = now;
      log(`  ${label}: seeded ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows`);
    }
  };
}

/** Reads a file from start to end (into the OS page cache); returns its size in bytes. */
export function warmPageCache(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  let total = 0;
  try {
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) total += n;
  } finally {
    fs.closeSync(fd);
  }
  return total;
}

/** A fresh SQLite file in a temp dir: a copy of the cached seed when one matches, else seeded now. */
export async function prepareSqlite(plan: SeedPlan, log: (m: string) => void, useCache: boolean): Promise<PreparedDataset> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-bench-'));
  const file = path.join(dir, 'leasewire.db');
  const key = cacheKey(plan);
  // Files of other plans (a quick run's small dataset) stay; older versions of this plan go.
  const prefix = `reads-${plan.events}-${plan.leads}-`;
  const cachedDb = path.join(cacheDir, `${prefix}${key}.db`);
  const cachedMeta = path.join(cacheDir, `${prefix}${key}.json`);
  let dataset: SeededDataset;
  let cached = false;

  if (useCache && fs.existsSync(cachedDb) && fs.existsSync(cachedMeta)) {
    fs.copyFileSync(cachedDb, file);
    dataset = JSON.parse(fs.readFileSync(cachedMeta, 'utf8')) as SeededDataset;
    cached = true;
    log(`  sqlite: using the cached seed ${path.basename(cachedDb)} (set BENCH_NO_CACHE=1 to reseed)`);
  } else {
    const store = openStore({ sqlitePath: file });
    await migrateToLatest(store.db);
    dataset = await seedReadDataset(store, plan, progressLogger(log, 'sqlite'));
    // Closing the last connection checkpoints the WAL into the main file, so one file is the whole database.
    await store.close();
    if (useCache) {
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const old of fs.readdirSync(cacheDir)) if (old.startsWith(prefix)) fs.rmSync(path.join(cacheDir, old), { force: true });
      const tmp = `${cachedDb}.${process.pid}.tmp`;
      fs.copyFileSync(file, tmp);
      fs.writeFileSync(cachedMeta, JSON.stringify(dataset));
      fs.renameSync(tmp, cachedDb);
    }
  }
  const store = openStore({ sqlitePath: file });
  const apiKey = await addKey(store, dataset.accountId);
  await store.close();
  // A copied file is not in the OS page cache (the kernel copies it without reading it through), so
  // the first minutes of random reads would measure the disk. A server that has run a while has its
  // database cached: read the file once, as that server would have.
  const warmed = warmPageCache(file);
  log(`  sqlite: read the ${(warmed / 1e9).toFixed(1)} GB database file once to warm the OS page cache (not the process's memory)`);
  return {
    variant: 'sqlite',
    dataset,
    server: { kind: 'app', sqlitePath: file },
    apiKey,
    cached,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh schema in the DATABASE_URL database, seeded now and dropped by cleanup(). */
export async function preparePostgres(plan: SeedPlan, databaseUrl: string, log: (m: string) => void): Promise<PreparedDataset> {
  const { name: schema, drop: dropSchema } = await createBenchSchema(databaseUrl, 'lw_bench');
  try {
    const store = openStore({ databaseUrl, pgSchema: schema, pgPoolSize: 4 });
    try {
      await migrateToLatest(store.db, schema);
      const dataset = await seedReadDataset(store, plan, progressLogger(log, 'postgres'));
      const apiKey = await addKey(store, dataset.accountId);
      // A production database gets its statistics, hint bits and visibility map from autovacuum
      // minutes after a large sync (inserts alone trigger it). Without them the benchmark would
      // measure the planner's guesses and the first reads of each page dirtying it (hint bits),
      // so that evicting it from shared_buffers costs a write: a state no served table stays in.
      // (VACUUM cannot share a statement string with another: that would be a transaction.)
      for (const table of ['events', 'record_links', 'leads']) await adminQuery(databaseUrl, `VACUUM ANALYZE ${schema}.${table}`);
      return {
        variant: 'postgres',
        dataset,
        server: { kind: 'app', databaseUrl, pgSchema: schema },
        apiKey,
        cached: false,
        cleanup: dropSchema,
      };
    } finally {
      await store.close();
    }
  } catch (err) {
    await dropSchema();
    throw err;
  }
}
