import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../../test/support/store.ts';
import { seedIntegration, seedRecords } from '../../../test/support/seed.ts';
import { createAccount } from './accounts.ts';
import { getRecord, listRecords, type RecordListQuery } from './recordQueries.ts';
import { recordJson, type RecordRow } from './records.ts';

// Queries are compiled once per shape and reused: values must never leak from one call to the next,
// and the total must be exact whether or not the COUNT query was needed.
describe(`recordQueries (${storageMode})`, () => {
  let store: TestStore;
  let accounts: string[];
  let eventIds: string[];
  beforeAll(async () => {
    store = await openTestStore();
    accounts = [(await createAccount(store.db, 'A')).id, (await createAccount(store.db, 'B')).id];
    const [ia, ib] = [await seedIntegration(store, accounts[0]!), await seedIntegration(store, accounts[1]!)];
    const event = (x: string, lead: string) => ({ x_id: x, x_property_id: '1', property_id: 'p', data: { x_type_id: '1' }, links: { lead: [lead] } });
    eventIds = await seedRecords(store, ia, 'events', ['1', '2', '3', '4', '5'].map((x) => event(x, x === '5' ? 'l2' : 'l1')));
    await seedRecords(store, ib, 'events', [event('9', 'l1')]);
  });
  afterAll(() => store.cleanup());

  const q = (over: Partial<RecordListQuery> = {}): RecordListQuery => ({
    accountId: accounts[0]!,
    equals: [],
    links: [],
    ranges: [],
    orderBy: [{ field: 'x_id', direction: 'asc' }],
    offset: 0,
    limit: 2,
    ...over,
  });
  /** A field of a record as the API serves it. */
  const served = (field: string) => (row: RecordRow | undefined) => (row ? (JSON.parse(recordJson(row)) as Record<string, unknown>)[field] : undefined);
  const page = async (over: Partial<RecordListQuery>) => {
    const r = await listRecords(store, 'events', q(over));
    return { xIds: r.rows.map(served('x_id')), total: r.total };
  };

  it('reports exact totals for full, short, exactly-ending and past-the-end pages', async () => {
    expect(await page({})).toEqual({ xIds: ['1', '2'], total: 5 });
    expect(await page({ offset: 4 })).toEqual({ xIds: ['5'], total: 5 });
    expect(await page({ offset: 3 })).toEqual({ xIds: ['4', '5'], total: 5 });
    expect(await page({ offset: 9 })).toEqual({ xIds: [], total: 5 });
    expect(await page({ limit: 10 })).toEqual({ xIds: ['1', '2', '3', '4', '5'], total: 5 });
  });

  it('reuses a shape with new values, scoped to each account', async () => {
    expect(await page({ links: [{ rel: 'lead', target: 'l1' }], limit: 10 })).toEqual({ xIds: ['1', '2', '3', '4'], total: 4 });
    expect(await page({ links: [{ rel: 'lead', target: 'l2' }], limit: 10 })).toEqual({ xIds: ['5'], total: 1 });
    expect(await page({ accountId: accounts[1]!, links: [{ rel: 'lead', target: 'l1' }], limit: 10 })).toEqual({ xIds: ['9'], total: 1 });
    expect(await page({ links: [{ rel: 'lead', target: ['l1', 'l2'] }], limit: 10, equals: [{ column: 'x_id', value: '5' }] })).toEqual({ xIds: ['5'], total: 1 });
    expect(await page({ orderBy: [{ field: 'x_id', direction: 'desc' }] })).toEqual({ xIds: ['5', '4'], total: 5 });
  });

  it('gets one record only within its account', async () => {
    expect(served('x_id')(await getRecord(store, 'events', accounts[0]!, eventIds[0]!))).toBe('1');
    expect(await getRecord(store, 'events', accounts[1]!, eventIds[0]!)).toBeUndefined();
    expect(served('x_id')(await getRecord(store, 'events', accounts[0]!, eventIds[1]!))).toBe('2');
  });

  it('answers by-id reads asked in the same turn each with its own record, read with one statement per model and account', async () => {
    const [a, b] = accounts as [string, string];
    let statements = 0;
    const read = store.read!;
    const counted = { ...store, read: ((text: string, params: readonly unknown[], arrays?: true) => {
      statements++;
      return arrays ? read(text, params, true) : read(text, params);
    }) as typeof read };
    const asked: Array<[string, string, string]> = [
      [a, 'events', eventIds[0]!], [a, 'events', eventIds[3]!], [a, 'events', eventIds[0]!],
      [b, 'events', eventIds[1]!], [a, 'events', 'no-such-id'], [a, 'leads', eventIds[2]!],
    ];
    const rows = await Promise.all(asked.map(([account, model, id]) => getRecord(counted, model as 'events', account, id)));
    expect(rows.map(served('x_id'))).toEqual(['1', '4', '1', undefined, undefined, undefined]);
    // (events, A), (events, B) and (leads, A).
    expect(statements).toBe(3);
  });

  it('reads committed data only: a write is invisible while its transaction is open, visible once it commits', async () => {
    const before = await page({ limit: 10 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const tx = store.db.transaction().execute(async (trx) => {
      await trx.updateTable('events').set({ data: '{"x_type_id":"1b"}' }).where('id', '=', eventIds[0]!).execute();
      inside();
      await held;
    });
    await started;
    // On SQLite the API reads on its own connection: the open transaction's change must not show.
    let seen: unknown;
    try {
      seen = served('x_type_id')(await getRecord(store, 'events', accounts[0]!, eventIds[0]!));
    } finally {
      release();
      await tx;
    }
    expect(seen).toBe('1');
    expect(served('x_type_id')(await getRecord(store, 'events', accounts[0]!, eventIds[0]!))).toBe('1b');
    expect((await page({ limit: 10 })).total).toBe(before.total);
    await store.db.updateTable('events').set({ data: '{"x_type_id":"1"}' }).where('id', '=', eventIds[0]!).execute();
  });

  it('serves a record as its core fields, then its data, with any text escaped', async () => {
    const tricky = 'quote " backslash \\ newline \n tab \t control \u0001 unicode é 日本 emoji 😀 slash / <tag>';
    const integration = await seedIntegration(store, accounts[0]!, 'Render');
    const [full, empty] = await seedRecords(store, integration, 'events', [
      { x_id: `x "${tricky}`, x_property_id: null, property_id: null, data: { x_type_id: '1', notes: tricky, n: 1.5, flag: true, none: null, nested: { k: [tricky] } } },
      { x_id: 'empty', x_property_id: 'p1', property_id: 'prop', data: {} },
    ]);
    const parsed = JSON.parse(recordJson((await getRecord(store, 'events', accounts[0]!, full!))!)) as Record<string, unknown>;
    const core = ['id', 'created_at', 'updated_at', 'last_seen', 'x_id', 'x_property_id', 'integration_id', 'integration_vendor', 'property_id'];
    expect(Object.keys(parsed)).toEqual([...core, 'x_type_id', 'notes', 'n', 'flag', 'none', 'nested']);
    expect(parsed).toMatchObject({ id: full, x_id: `x "${tricky}`, x_property_id: null, property_id: null, integration_id: integration.id, notes: tricky, n: 1.5, flag: true, none: null, nested: { k: [tricky] } });
    expect(parsed.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const bare = JSON.parse(recordJson((await getRecord(store, 'events', accounts[0]!, empty!))!)) as Record<string, unknown>;
    expect(Object.keys(bare)).toEqual(core);
    expect(bare).toMatchObject({ x_id: 'empty', x_property_id: 'p1', property_id: 'prop' });
  });
});

