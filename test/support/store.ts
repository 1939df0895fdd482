import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export interface TestStore extends Store {
  /** Closes the store and removes its data (the SQLite folder or the PostgreSQL schema). */
  cleanup(): Promise<void>;
  /** For tests that start other processes on the same database. */
  databaseUrl: string | undefined;
  sqlitePath: string | undefined;
  pgSchema: string | undefined;
}

/** The storage mode the suite runs in: PostgreSQL when TEST_DATABASE_URL is set, else SQLite. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const storageMode = testDatabaseUrl ? 'postgres' : 'sqlite';

/**
 * A fresh, migrated store: a temp SQLite file, or a new schema in the test PostgreSQL database.
 * `migrate: false` leaves it empty, for tests of a migration itself.
 */
export async function openTestStore({ migrate = true }: { migrate?: boolean } = {}): Promise<TestStore> {
  if (testDatabaseUrl) {
    const schema = `lw_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const store = openStore({ databaseUrl: testDatabaseUrl, pgSchema: schema, pgPoolSize: 5 });
    if (migrate) await migrateToLatest(store.db, schema);
    return {
      ...store,
      databaseUrl: testDatabaseUrl,
      sqlitePath: undefined,
      pgSchema: schema,
      cleanup: async () => {
        await store.close();
        const c = new pg.Client({ connectionString: testDatabaseUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        // graphile-worker's schema of this store, when a test started a queue on it.
        await c.query(`DROP SCHEMA IF EXISTS ${schema}_worker CASCADE`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-test-'));
  const file = path.join(dir, 'leasewire.db');
  const store = openStore({ sqlitePath: file });
  if (migrate) await migrateToLatest(store.db);
  return {
    ...store,
    databaseUrl: undefined,
    sqlitePath: file,
    pgSchema: undefined,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
