import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { createAccount } from './repositories/accounts.ts';

// The SQLite store's reads of committed data (Store.read and readDb): on the main connection when it
// is free, on the read-only connection while a write transaction is open on it. PostgreSQL has
// neither split, so this file runs on SQLite in both CI modes.
let dir: string;
let store: Store;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-db-test-'));
  store = openStore({ sqlitePath: path.join(dir, 'leasewire.db') });
  await migrateToLatest(store.db);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const accountName = 'SELECT name FROM accounts WHERE id = ?';
const read = (id: string) => store.read!(accountName, [id]) as Array<{ name: string }>;

describe('SQLite reads of committed data', () => {
  it('see a commit of the main connection at once, as objects or as arrays', async () => {
    const account = await createAccount(store.db, 'First');
    expect(read(account.id)).toEqual([{ name: 'First' }]);
    expect(store.read!(accountName, [account.id], true)).toEqual([['First']]);
    // The statement is shared: arrays mode is not left on for the next caller.
    expect(read(account.id)).toEqual([{ name: 'First' }]);
    const viaKysely = await store.readDb.selectFrom('accounts').select('name').where('id', '=', account.id).executeTakeFirst();
    expect(viaKysely).toEqual({ name: 'First' });
  });

  it('never see the rows of a transaction still open on the main connection, and do not wait for it', async () => {
    const existing = await createAccount(store.db, 'Before');
    let sawDuring: unknown;
    let sawDuringKysely: unknown;
    await store.db.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ name: 'Uncommitted' }).where('id', '=', existing.id).execute();
      // Inside the write transaction: the same statement goes to the read-only connection.
      sawDuring = read(existing.id);
      sawDuringKysely = await store.readDb.selectFrom('accounts').select('name').where('id', '=', existing.id).executeTakeFirst();
    });
    expect(sawDuring).toEqual([{ name: 'Before' }]);
    expect(sawDuringKysely).toEqual({ name: 'Before' });
    expect(read(existing.id)).toEqual([{ name: 'Uncommitted' }]);
  });

  it('refuse to write, whether the main connection is free or in a transaction', async () => {
    const write = () => sql`UPDATE accounts SET name = 'x'`.execute(store.readDb);
    await expect(write()).rejects.toThrow(/readonly/i);
    await store.db.transaction().execute(async () => {
      await expect(write()).rejects.toThrow(/readonly/i);
    });
  });
});

// The IntegerLimits plugin (integerLimits.ts), installed on SQLite stores only.
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
