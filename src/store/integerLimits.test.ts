import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { createAccount } from './repositories/accounts.ts';

// SQLite only: the plugin is installed on SQLite stores (PostgreSQL does not plan with bound values).
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-limits-test-'));
  store = openStore({ sqlitePath: path.join(dir, 'leasewire.db') });
  await migrateToLatest(store.db);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bound LIMIT and OFFSET on SQLite', () => {
  it('are cast to integer, staying parameters, on the store and its read instance', () => {
    for (const db of [store.db, store.readDb]) {
      const compiled = db.selectFrom('accounts').select('id').orderBy('id').limit(5).offset(10).compile();
      expect(compiled.sql).toMatch(/ limit cast\(\? as integer\) offset cast\(\? as integer\)$/);
      expect(compiled.parameters).toEqual([5, 10]);
    }
  });

  it('leave literal limits and queries without a limit as they are', () => {
    expect(store.db.selectFrom('accounts').select('id').limit(sql.lit(3)).compile().sql).toMatch(/ limit 3$/);
    const plain = store.db.selectFrom('accounts').select('id').where('id', '=', 'a').compile();
    expect(plain.sql).not.toContain('cast');
  });

  it('still page: the cast values limit and skip rows', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createAccount(store.db, `Account ${i}`)).id);
    ids.sort();
    const page = (limit: number, offset: number) =>
      store.db.selectFrom('accounts').select('id').where('id', 'in', ids).orderBy('id').limit(limit).offset(offset).execute();
    expect((await page(3, 0)).map((r) => r.id)).toEqual(ids.slice(0, 3));
    expect((await page(3, 5)).map((r) => r.id)).toEqual(ids.slice(5));
    // The same cached statement with other values: a new page, not the first one again.
    expect((await page(2, 2)).map((r) => r.id)).toEqual(ids.slice(2, 4));
  });
});
