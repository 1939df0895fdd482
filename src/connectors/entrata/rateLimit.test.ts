import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDatabaseUrl, type TestStore } from '../../../test/support/store.ts';
import { DbLimiter, MemoryLimiter, paceFrom, parseRateHeaders, retryAfterMs, type OutboundLimitsDb } from './rateLimit.ts';

describe('parseRateHeaders', () => {
  it('reads every window of Entrata’s headers, in order', () => {
    const h = new Headers({ 'x-ratelimit-limit': '15000/DAY;1000/HOUR;150/MINUTE', 'x-ratelimit-remaining': '14000/DAY;900/HOUR;20/MINUTE', 'x-ratelimit-reset': '3600;600;30' });
    expect(parseRateHeaders(h)).toEqual([
      { limit: 15000, remaining: 14000, resetSeconds: 3600 },
      { limit: 1000, remaining: 900, resetSeconds: 600 },
      { limit: 150, remaining: 20, resetSeconds: 30 },
    ]);
  });

  it('is empty without the headers, and assumes a minute without a reset', () => {
    expect(parseRateHeaders(new Headers())).toEqual([]);
    expect(parseRateHeaders(new Headers({ 'x-ratelimit-limit': '10/MINUTE', 'x-ratelimit-remaining': '9/MINUTE' }))).toEqual([{ limit: 10, remaining: 9, resetSeconds: 60 }]);
  });
});

describe('retryAfterMs', () => {
  it('takes seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('paceFrom', () => {
  it('lets calls run freely while more than a fifth of every window is left', () => {
    expect(paceFrom([{ limit: 100, remaining: 21, resetSeconds: 30 }], 0)).toEqual({ intervalMs: 0, blockedUntil: 0 });
  });

  it('spreads what is left of the tightest window over its remaining time', () => {
    const pace = paceFrom(
      [
        { limit: 1000, remaining: 150, resetSeconds: 600 },
        { limit: 100, remaining: 10, resetSeconds: 30 },
      ],
      0,
    );
    expect(pace).toEqual({ intervalMs: 4000, blockedUntil: 0 });
  });

  it('blocks until an exhausted window resets', () => {
    expect(paceFrom([{ limit: 100, remaining: 0, resetSeconds: 12 }], 1000)).toEqual({ intervalMs: 0, blockedUntil: 13_000 });
  });
});

describe('MemoryLimiter', () => {
  it('spaces calls by the reported interval', async () => {
    const l = new MemoryLimiter();
    const key = { integrationId: 'i', service: 'leads' };
    await l.acquire(key);
    await l.report(key, { intervalMs: 40, blockedUntil: 0 });
    const t0 = Date.now();
    await l.acquire(key);
    await l.acquire(key);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
  });
});

describe.runIf(testDatabaseUrl)('DbLimiter (shared through PostgreSQL)', () => {
  let store: TestStore;
  let queries = 0;
  let db: Kysely<OutboundLimitsDb>;
  beforeAll(async () => {
    store = await openTestStore();
    db = (store.db as unknown as Kysely<OutboundLimitsDb>).withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
  });
  afterAll(async () => store?.cleanup());

  it('costs no query per call while the pace is free', async () => {
    let now = 1_000_000;
    const l = new DbLimiter(db, { now: () => now });
    const key = { integrationId: 'free', service: 'leads' };
    queries = 0;
    for (let i = 0; i < 50; i++) {
      await l.acquire(key);
      await l.report(key, { intervalMs: 0, blockedUntil: 0 });
      now += 10;
    }
    // The first acquire reads the (missing) row, the first report writes it; nothing after that
    // until the remembered state is a second old.
    expect(queries).toBeLessThanOrEqual(2);
    now += 1000;
    await l.acquire(key);
    expect(queries).toBeLessThanOrEqual(3);
  });

  it('shares a pace set by one process with the others, within freshMs', async () => {
    const key = { integrationId: 'paced', service: 'leads' };
    const a = new DbLimiter(db, { freshMs: 50 });
    const b = new DbLimiter(db, { freshMs: 50 });
    await b.acquire(key);
    await b.report(key, { intervalMs: 0, blockedUntil: 0 });
    // Process A learns that calls must be 60 ms apart.
    await a.report(key, { intervalMs: 60, blockedUntil: 0 });
    await new Promise((r) => setTimeout(r, 60));
    const t0 = Date.now();
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).acquire(key);
    // Four slots 60 ms apart, the first possibly at once: at least three intervals, whoever calls.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(170);
  });

  it('holds every process back until a block ends', async () => {
    const key = { integrationId: 'blocked', service: 'leads' };
    const a = new DbLimiter(db);
    const b = new DbLimiter(db);
    // Judged against the block's end, not a stopwatch started after the report: on a loaded
    // machine the report's own round trip eats into the 150 ms.
    const until = Date.now() + 150;
    await a.report(key, { intervalMs: 0, blockedUntil: until });
    await b.acquire(key);
    expect(Date.now()).toBeGreaterThanOrEqual(until - 2);
  });
});
