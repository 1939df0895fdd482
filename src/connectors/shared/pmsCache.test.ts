import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/store.ts';
import { createAccount } from '../../store/repositories/accounts.ts';
import { insertIntegration } from '../../store/repositories/integrations.ts';
import { PmsCache } from './pmsCache.ts';

let store: TestStore | undefined;
afterEach(async () => {
  await store?.cleanup();
  store = undefined;
});

async function integrations(s: TestStore, n: number): Promise<string[]> {
  const account = await createAccount(s.db, 'Cache Co');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = await insertIntegration(s.db, { account_id: account.id, vendor: 'ENTRATA', name: `i${i}`, credentials: 'sealed', settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true });
    ids.push(row.id);
  }
  return ids;
}

describe('PmsCache', () => {
  it('serves a value while it is younger than the max age, to every instance of the integration only', async () => {
    store = await openTestStore();
    const [intA, intB] = await integrations(store, 2);
    let now = 1_000_000;
    const a = new PmsCache(store.db as never, intA!, () => now);
    const otherProcess = new PmsCache(store.db as never, intA!, () => now);
    const otherIntegration = new PmsCache(store.db as never, intB!, () => now);
    let reads = 0;
    const read = async () => ({ n: ++reads });
    expect(await a.through('pickLists:1', 60_000, read)).toEqual({ n: 1 });
    now += 59_999;
    expect(await otherProcess.through('pickLists:1', 60_000, read)).toEqual({ n: 1 });
    expect(await otherIntegration.get('pickLists:1', 60_000)).toBeUndefined();
    now += 1;
    expect(await otherProcess.get('pickLists:1', 60_000)).toBeUndefined();
    expect(await a.through('pickLists:1', 60_000, read)).toEqual({ n: 2 });
    expect(reads).toBe(2);
  });

  it('a failed read stores nothing', async () => {
    store = await openTestStore();
    const [intA] = await integrations(store, 1);
    const c = new PmsCache(store.db as never, intA!);
    await expect(c.through('properties', 60_000, () => Promise.reject(new Error('PMS down')))).rejects.toThrow('PMS down');
    expect(await c.get('properties', 60_000)).toBeUndefined();
  });

  it('goes with its integration', async () => {
    store = await openTestStore();
    const [intA] = await integrations(store, 1);
    await new PmsCache(store.db as never, intA!).put('properties', [{ id: 1 }]);
    await store.db.deleteFrom('integrations').where('id', '=', intA!).execute();
    expect(await store.db.selectFrom('connector_cache').selectAll().execute()).toEqual([]);
  });
});
