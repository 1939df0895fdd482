import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../test/support/store.ts';
import { SharedRateLimiter } from './sharedRateLimiter.ts';

// Production shares the budget on PostgreSQL; the statements are plain SQL, so the suite runs on both stores.
describe(`SharedRateLimiter: one budget per key across API processes (${storageMode})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.cleanup());

  const minute = 60_000;
  const t0 = 1_800_000_000_000 - (1_800_000_000_000 % minute) + 1_000; // one second into a window
  /** Two API processes on one database; they sync only when the test says. */
  const pair = (limit: number) => [new SharedRateLimiter(store.db, limit, { syncMs: 3_600_000 }), new SharedRateLimiter(store.db, limit, { syncMs: 3_600_000 })] as const;
  const allowed = (l: SharedRateLimiter, caller: string, n: number, now = t0) => Array.from({ length: n }, () => l.take(caller, now).allowed);

  it("counts the other processes' requests once they sync, and refuses past the limit", async () => {
    const [a, b] = pair(10);
    expect(allowed(a, 'key:k1', 6)).toEqual(Array(6).fill(true));
    await a.sync(t0);
    // b learns of a key's other requests at its first sync after serving the key itself.
    expect(b.take('key:k1', t0)).toMatchObject({ allowed: true, limit: 10, remaining: 9, resetSeconds: 59 });
    await b.sync(t0);
    expect(b.take('key:k1', t0)).toMatchObject({ allowed: true, remaining: 2 });
    expect(allowed(b, 'key:k1', 3)).toEqual([true, true, false]);
    await b.sync(t0);
    await a.sync(t0);
    expect(a.take('key:k1', t0)).toMatchObject({ allowed: false, remaining: 0 });
    // Another key has a budget of its own.
    expect(b.take('key:k2', t0)).toMatchObject({ allowed: true, remaining: 9 });
    const rows = await store.db.selectFrom('api_rate_windows').select(['caller', 'count']).where('caller', '=', 'key:k1').execute();
    expect(rows.map((r) => Number(r.count))).toEqual([11]);
    await Promise.all([a.close(), b.close()]);
  });

  it('starts a new budget with each aligned window, the same in every process, and forgets old windows', async () => {
    const [a, b] = pair(2);
    expect(allowed(a, 'key:w', 3)).toEqual([true, true, false]);
    await a.sync(t0);
    const next = t0 + minute;
    expect(b.take('key:w', next)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 59 });
    await b.sync(next);
    // A sync a window later drops the windows before the last one.
    await b.sync(next + minute);
    const windows = await store.db.selectFrom('api_rate_windows').select('window_start').where('caller', '=', 'key:w').execute();
    expect(windows.map((w) => Number(w.window_start))).toEqual([next - (next % minute)]);
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps counting on its own when the database cannot be reached, and reports it once', async () => {
    const lonely = await openTestStore();
    const errors: unknown[] = [];
    const l = new SharedRateLimiter(lonely.db, 3, { syncMs: 3_600_000, onSyncError: (err) => errors.push(err) });
    await sql`drop table api_rate_windows`.execute(lonely.db);
    try {
      expect(allowed(l, 'key:x', 2)).toEqual([true, true]);
      await l.sync(t0);
      await l.sync(t0 + 1_000);
      expect(errors).toHaveLength(1);
      expect(allowed(l, 'key:x', 2)).toEqual([true, false]);
    } finally {
      await l.close();
      await lonely.cleanup();
    }
  });
});
