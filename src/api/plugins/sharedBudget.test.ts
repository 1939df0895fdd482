import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { withinOneMinuteWindow } from '../../../test/support/minute.ts';
import { storageMode } from '../../../test/support/store.ts';
import { buildApp } from '../app.ts';

// Two API processes on one PostgreSQL database (two apps on one store): a key's budget is theirs
// together. Embedded SQLite runs one API process and counts in memory.
describe.skipIf(storageMode !== 'postgres')('rate limit across API processes (postgres)', () => {
  let ctx: TestContext;
  let second: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext({ rateLimitPerMinute: 6 });
    second = await buildApp(ctx.deps, { rateLimitPerMinute: 6 });
    await second.ready();
  });
  afterAll(async () => {
    await second.close();
    await ctx.close();
  });
  const get = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/v1/properties/', headers: ctx.tenant.headers });
  const syncBoth = async () => {
    await ctx.app.rateBudget.sync?.();
    await second.rateBudget.sync?.();
    await ctx.app.rateBudget.sync?.();
  };

  it('answers 429 once the two together have served the budget, wherever the next request lands', async () => {
    await withinOneMinuteWindow();
    for (let i = 0; i < 3; i++) expect((await get(ctx.app)).statusCode).toBe(200);
    expect((await get(second)).statusCode).toBe(200);
    // Each process shares its counts every 200 ms; the test makes them do it now.
    await syncBoth();
    const next = await get(second);
    expect(next.statusCode).toBe(200);
    expect(next.headers['x-ratelimit-remaining']).toBe('1');
    expect((await get(ctx.app)).statusCode).toBe(200);
    await syncBoth();
    const refused = await get(second);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await get(ctx.app)).statusCode).toBe(429);
    // The other tenant's key has its own budget.
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/properties/', headers: ctx.other.headers })).statusCode).toBe(200);
  });
});
