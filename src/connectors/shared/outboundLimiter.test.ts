import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../../test/support/store.ts';
import { DbLimiter, MemoryLimiter, sharedLimiter } from './outboundLimiter.ts';

// Writes and syncs must share one pace per integration: one limiter per store in a process, and on
// PostgreSQL the one kept in the database (every process shares it).
describe(`sharedLimiter (${storageMode})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.cleanup());

  it('gives every caller of one store the same limiter, of the kind its dialect needs', () => {
    const db = store.db as unknown as Kysely<never>;
    const a = sharedLimiter(db);
    expect(sharedLimiter(db)).toBe(a);
    expect(a).toBeInstanceOf(store.dialect === 'postgres' ? DbLimiter : MemoryLimiter);
  });

  it('a pace reported through one caller holds back the next', async () => {
    const db = store.db as unknown as Kysely<never>;
    const key = { integrationId: 'int_shared', service: 'leads' };
    await sharedLimiter(db).report(key, { intervalMs: 0, blockedUntil: Date.now() + 300 });
    const started = Date.now();
    await sharedLimiter(db).acquire(key);
    // Blocked until the reported time: at least most of the 300 ms (timers may fire a little early).
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
