import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/support/store.ts';
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
