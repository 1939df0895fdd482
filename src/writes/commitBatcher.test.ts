import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../test/support/store.ts';
import { rawSqlite } from '../store/db.ts';
import { CommitBatcher } from './commitBatcher.ts';

describe('CommitBatcher (group commit)', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.cleanup());

  const key = (k: string) => ({ account_id: 'a', key: k, request_hash: 'h', job_id: `j-${k}`, created_at: 'now', expires_at: 'later' });
  const count = async () => (await store.db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key).sort();

  it('writes units that arrive together in one transaction and answers each its own result', async () => {
    const batches: string[][] = [];
    const b = new CommitBatcher<string, string>(store.db, async (trx, units) => {
      batches.push(units);
      await trx.insertInto('idempotency_keys').values(units.map(key)).execute();
      return units.map((k) => `ok ${k}`);
    });
    const results = await Promise.all(['1', '2', '3', '4'].map((k) => b.run(k)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    // Units that arrive in the same turn of the event loop share one transaction (one batch).
    expect(batches).toEqual([['1', '2', '3', '4']]);
    expect(await count()).toEqual(['1', '2', '3', '4']);
  });

  it('a failing unit fails alone: the others of its batch still commit', async () => {
    await store.db.insertInto('idempotency_keys').values(key('taken')).execute();
    const b = new CommitBatcher<string, void>(store.db, async (trx, units) => {
      await trx.insertInto('idempotency_keys').values(units.map(key)).execute();
      return units.map(() => undefined);
    });
    const runs = ['x', 'taken', 'y'].map((k) => b.run(k));
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count()).toEqual(['taken', 'x', 'y']);
  });
});

describe.skipIf(storageMode === 'postgres')('CommitBatcher on SQLite: synchronous batches', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.cleanup());

  const key = (k: string) => ({ account_id: 'a', key: k, request_hash: 'h', job_id: `j-${k}`, created_at: 'now', expires_at: 'later' });
  const keys = async () => (await store.db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key).sort();

  /** A batcher whose synchronous and Kysely paths both insert keys, recording which one ran each batch. */
  function batcher() {
    const sqlite = rawSqlite(store.db)!;
    const insert = sqlite.prepare('INSERT INTO idempotency_keys (account_id, key, request_hash, job_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
    const batches: Array<{ path: 'sync' | 'kysely'; units: string[] }> = [];
    const b = new CommitBatcher<string, string>(
      store.db,
      async (trx, units) => {
        batches.push({ path: 'kysely', units });
        await trx.insertInto('idempotency_keys').values(units.map(key)).execute();
        return units.map((k) => `ok ${k}`);
      },
      64,
      {
        sqlite,
        commit: (units) => {
          // Inside the batcher's own transaction, opened synchronously on the store's connection.
          expect(sqlite.inTransaction).toBe(true);
          batches.push({ path: 'sync', units });
          for (const k of units) insert.run(Object.values(key(k)));
          return units.map((k) => `ok ${k}`);
        },
      },
    );
    return { b, batches, sqlite };
  }

  it('commits units that arrive together in one synchronous transaction', async () => {
    const { b, batches, sqlite } = batcher();
    const results = await Promise.all(['1', '2', '3'].map((k) => b.run(k)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(batches).toEqual([{ path: 'sync', units: ['1', '2', '3'] }]);
    expect(sqlite.inTransaction).toBe(false);
    expect(await keys()).toEqual(['1', '2', '3']);
  });

  it('a failing unit fails alone: the others of its batch still commit', async () => {
    await store.db.insertInto('idempotency_keys').values(key('taken')).execute();
    const { b, batches } = batcher();
    const settled = await Promise.allSettled(['x', 'taken', 'y'].map((k) => b.run(k)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches.map((x) => x.units)).toEqual([['x', 'taken', 'y'], ['x'], ['taken'], ['y']]);
    expect(await keys()).toEqual(['taken', 'x', 'y']);
  });

  it('while another transaction is open on the connection, waits for it through Kysely instead of joining it', async () => {
    const { b, batches } = batcher();
    let pending: Promise<string[]> | undefined;
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('idempotency_keys').values(key('theirs')).execute();
      pending = Promise.all(['a', 'b'].map((k) => b.run(k)));
      await new Promise((r) => setTimeout(r, 30));
      // Nothing of the batch ran inside this transaction.
      expect(batches).toEqual([]);
      expect((await trx.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['theirs']);
    });
    expect(await pending).toEqual(['ok a', 'ok b']);
    expect(batches).toEqual([{ path: 'kysely', units: ['a', 'b'] }]);
    expect(await keys()).toEqual(['a', 'b', 'theirs']);
  });
});
