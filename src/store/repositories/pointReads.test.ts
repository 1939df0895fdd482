import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { StoreRead } from '../db.ts';
import type { Database } from '../schema.ts';
import { MAX_IDS_PER_READ, readPoint as readShaped, type PointShape } from './pointReads.ts';

// A Kysely that only compiles PostgreSQL (it never connects); the reads go to a fake.
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) });
const dialect = 'postgres' as const;
const shapes = {
  events: { table: 'events', scope: 'account_id', columns: ['core', 'data'] },
  leads: { table: 'leads', scope: 'account_id', columns: ['core', 'data'] },
} as const satisfies Record<string, PointShape>;
const readPoint = (source: Parameters<typeof readShaped>[0], model: keyof typeof shapes, scope: string, id: string) => readShaped(source, shapes[model], scope, id);
const row = (id: string) => [id, `{"id":${JSON.stringify(id)}`, '{}'];

/**
 * A fake PostgreSQL reader over `table` (record id → its scope value): it answers the asked ids
 * that exist, each as the statement does, [id, scope, ...columns], whatever their scope (the
 * statement reads by primary key alone and readPoint checks the scope).
 */
function fakeRead(table: Record<string, string>, fail?: (ids: string[]) => Error | undefined) {
  const calls: Array<{ sql: string; ids: string[]; params: readonly unknown[] }> = [];
  const read = ((sql: string, params: readonly unknown[]) => {
    const [ids] = params as [string[]];
    calls.push({ sql, ids, params });
    const err = fail?.(ids);
    if (err) return Promise.reject(err);
    return Promise.resolve(ids.filter((id) => id in table).map((id) => { const [, ...rest] = row(id); return [id, table[id], ...rest]; }));
  }) as StoreRead;
  return { read, calls };
}

describe('readPoint (coalesced by-id reads on PostgreSQL)', () => {
  it('reads the ids asked in one turn with one statement per model and scope, each id once, and answers only rows of the scope', async () => {
    const { read, calls } = fakeRead({ a1: 'a', a2: 'a', a3: 'a', b1: 'b' });
    const source = { db, dialect, read };
    const answers = await Promise.all([
      readPoint(source, 'events', 'a', 'a1'),
      readPoint(source, 'events', 'a', 'a2'),
      readPoint(source, 'events', 'a', 'a1'),
      readPoint(source, 'events', 'b', 'a1'),
      readPoint(source, 'leads', 'a', 'a3'),
      readPoint(source, 'events', 'a', 'missing'),
      readPoint(source, 'events', 'a', 'b1'),
    ]);
    // a1 and b1 exist, but under another account than the one asking for them.
    expect(answers).toEqual([row('a1').slice(1), row('a2').slice(1), row('a1').slice(1), undefined, row('a3').slice(1), undefined, undefined]);
    expect(calls.map((c) => c.ids)).toEqual([['a1', 'a2', 'missing', 'b1'], ['a1'], ['a3']]);
    // By primary key alone: a scope predicate could make the planner walk the scope's index.
    expect(calls[0]!.sql).toBe('select "id", "account_id", "core", "data" from "events" where id = any($1::text[])');
    expect(calls[0]!.params).toEqual([['a1', 'a2', 'missing', 'b1']]);
    expect(calls[2]!.sql).toMatch(/from "leads"/);
    // The next turn is a new batch.
    await readPoint(source, 'events', 'a', 'a2');
    expect(calls).toHaveLength(4);
  });

  it('keeps shapes apart: another scope column or other columns is another statement', async () => {
    const calls: Array<{ sql: string; ids: string[] }> = [];
    const read = ((sql: string, params: readonly unknown[]) => {
      const [ids] = params as [string[]];
      calls.push({ sql, ids });
      return Promise.resolve(ids.map((id) => [id, 'i1', `x-${id}`]));
    }) as StoreRead;
    const byIntegration: PointShape = { table: 'events', scope: 'integration_id', columns: ['x_id'] };
    const [a, b, c] = await Promise.all([readShaped({ db, dialect, read }, byIntegration, 'i1', 'e1'), readShaped({ db, dialect, read }, shapes.events, 'i1', 'e1'), readShaped({ db, dialect, read }, byIntegration, 'i1', 'e2')]);
    expect([a, c]).toEqual([['x-e1'], ['x-e2']]);
    expect(b).toEqual(['x-e1']);
    expect(calls.map((call) => call.ids)).toEqual([['e1', 'e2'], ['e1']]);
    expect(calls[0]!.sql).toBe('select "id", "integration_id", "x_id" from "events" where id = any($1::text[])');
  });

  it('reads SQLite from the id list, one primary-key probe per id', async () => {
    const sqliteDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: {} as never }) });
    const calls: Array<{ sql: string; params: readonly unknown[] }> = [];
    // SQLite's reader answers synchronously, and its errors are thrown.
    const read = ((sql: string, params: readonly unknown[]) => {
      calls.push({ sql, params });
      if (params[1] === 'bad') throw new Error('disk I/O error');
      return (JSON.parse(params[0] as string) as string[]).map(row);
    }) as StoreRead;
    const source = { db: sqliteDb, dialect: 'sqlite' as const, read };
    const [a, b] = await Promise.all([readShaped(source, shapes.events, 'acc', 'e1'), readShaped(source, shapes.events, 'acc', 'e2')]);
    expect([a, b]).toEqual([row('e1').slice(1), row('e2').slice(1)]);
    expect(calls).toEqual([
      { sql: 'select "r"."id", "r"."core", "r"."data" from json_each(?) as "j" cross join "events" as "r" where "r"."id" = "j"."value" and "r"."account_id" = ?', params: ['["e1","e2"]', 'acc'] },
    ]);
    await expect(readShaped(source, shapes.events, 'bad', 'e3')).rejects.toThrow('disk I/O error');
  });

  it(`splits a turn's ids into statements of at most ${MAX_IDS_PER_READ}`, async () => {
    const ids = Array.from({ length: MAX_IDS_PER_READ * 2 + 1 }, (_, i) => `id${i}`);
    const { read, calls } = fakeRead(Object.fromEntries(ids.map((id) => [id, 'a'])));
    const answers = await Promise.all(ids.map((id) => readPoint({ db, dialect, read }, 'events', 'a', id)));
    expect(answers.map((r) => r?.[0])).toEqual(ids.map((id) => `{"id":"${id}"`));
    expect(calls.map((c) => c.ids.length)).toEqual([MAX_IDS_PER_READ, MAX_IDS_PER_READ, 1]);
  });

  it("fails every read of a statement that fails, and only those", async () => {
    const { read } = fakeRead({ x: 'bad', y: 'bad', z: 'ok' }, (ids) => (ids.includes('x') ? new Error('connection lost') : undefined));
    const results = await Promise.allSettled([readPoint({ db, dialect, read }, 'events', 'bad', 'x'), readPoint({ db, dialect, read }, 'events', 'bad', 'y'), readPoint({ db, dialect, read }, 'events', 'ok', 'z')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('connection lost'));
  });
});
