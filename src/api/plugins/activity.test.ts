import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { ApiActivity } from '../../jobs/giveWay.ts';

// The worker of an API process gives way to the API (jobs/giveWay.ts): the gate tells it of every
// /v1 request, answered or refused, and of nothing else (probes, metrics, docs).
let ctx: TestContext;
let now = 0;
const activity = new ApiActivity(25, () => now);
beforeAll(async () => {
  ctx = await createTestContext({}, { activity });
});
afterAll(() => ctx.close());

describe('API activity', () => {
  it('is busy for a while after a /v1 request, and not after a probe', async () => {
    now = 1_000;
    await ctx.app.inject({ method: 'GET', url: '/healthz' });
    await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(activity.busy()).toBe(false);
    await ctx.app.inject({ method: 'GET', url: '/v1/events/', headers: ctx.tenant.headers });
    expect(activity.busy()).toBe(true);
    now += 25;
    expect(activity.busy()).toBe(false);
    // A refused request (no key) is API traffic too.
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/events/' })).statusCode).toBe(401);
    expect(activity.busy()).toBe(true);
  });
});
