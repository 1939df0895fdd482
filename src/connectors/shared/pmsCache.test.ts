import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/store.ts';
import { PmsCache } from './pmsCache.ts';

let store: TestStore | undefined;
afterEach(async () => {
  await store?.cleanup();
  store = undefined;
});

describe('PmsCache', () => {
  it('serves a value while it is younger than the max age, to every instance of the integration only', async () => {
    store = await openTestStore();
    let now = 1_000_000;
    const a = new PmsCache(store.db as never, 'int-a', () => now);
    const otherProcess = new PmsCache(store.db as never, 'int-a', () => now);
    const otherIntegration = new PmsCache(store.db as never, 'int-b', () => now);
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
    const c = new PmsCache(store.db as never, 'int-a');
    await expect(c.through('properties', 60_000, () => Promise.reject(new Error('PMS down')))).rejects.toThrow('PMS down');
    expect(await c.get('properties', 60_000)).toBeUndefined();
  });
});
