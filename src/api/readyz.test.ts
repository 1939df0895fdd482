import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('GET /readyz', () => {
  it('is ready when the database answers and every migration is applied, without an API key', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 naming the pending migrations', async () => {
    const [applied] = await ctx.store.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    const name = (applied as { name: string } | undefined)?.name ?? '';
    await ctx.store.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', name as never).execute();
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'not_ready' });
      expect(res.json().error.message).toContain(`migrations are pending (${name})`);
    } finally {
      await ctx.store.db
        .insertInto('kysely_migration' as never)
        .values({ name, timestamp: new Date().toISOString() } as never)
        .execute();
    }
  });
});
