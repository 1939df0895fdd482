import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../../test/support/store.ts';
import { seedIntegration } from '../../../test/support/seed.ts';
import { createAccount } from './accounts.ts';
import type { IntegrationRow } from './integrations.ts';
import { coreJson, idOfRecord, upsertRecords, type RecordInput } from './records.ts';
import type { RecordTable } from '../schema.ts';

// The bulk write path runs dialect-specific statements: these pin its semantics on both modes.
describe(`upsertRecords (${storageMode})`, () => {
  let store: TestStore;
  let integration: IntegrationRow;
  beforeEach(async () => {
    store = await openTestStore();
    integration = await seedIntegration(store, (await createAccount(store.db, 'Acme')).id);
  });
  afterEach(() => store.cleanup());

  const event = (xId: string, notes: string, leads: string[], type = '1'): RecordInput => ({
    x_id: xId,
    x_property_id: '100',
    property_id: 'cprop',
    data: { x_type_id: type, notes, associated_lead_ids: leads },
    internal: xId === 'e3' ? { secret: 1 } : null,
    links: { applicant: leads },
  });
  const upsert = (inputs: RecordInput[], at: string) =>
    store.db.transaction().execute((trx) => upsertRecords(trx, integration, 'events', inputs, at));
  const row = (xId: string) =>
    store.db.selectFrom('events').selectAll().where('id', '=', idOfRecord(integration.id, 'events', xId, '100')).executeTakeFirstOrThrow();
  const links = (xId: string) =>
    store.db
      .selectFrom('record_links')
      .select(['rel', 'target'])
      .where('record_id', '=', idOfRecord(integration.id, 'events', xId, '100'))
      .orderBy('target')
      .execute();

  it('creates, then rewrites only changed records, touching last_seen of unchanged ones', async () => {
    const t1 = '2024-01-01T00:00:00.000Z';
    const t2 = '2024-01-02T00:00:00.000Z';
    const first = await upsert([event('e1', 'a', ['l1', 'l2']), event('e2', 'b', ['l1']), event('e3', 'c', []), event('e1', 'a', ['l2', 'l1', 'l1'])], t1);
    expect(first.created.map((c) => c.x_id)).toEqual(['e1', 'e2', 'e3']);
    expect(first.updated).toEqual([]);
    expect(first.unchanged).toBe(0);
    expect(await links('e1')).toEqual([
      { rel: 'applicant', target: 'l1' },
      { rel: 'applicant', target: 'l2' },
    ]);
    expect((await row('e3')).internal).toBe('{"secret":1}');

    const second = await upsert([event('e1', 'a', ['l2', 'l1', 'l1']), event('e2', 'B', ['l3'], '2'), event('e4', 'd', ['l4'])], t2);
    expect(second.created.map((c) => c.x_id)).toEqual(['e4']);
    expect(second.unchanged).toBe(1);
    expect(second.updated).toEqual([
      {
        id: idOfRecord(integration.id, 'events', 'e2', '100'),
        x_id: 'e2',
        property_id: 'cprop',
        diff: { new: { x_type_id: '2', notes: 'B', associated_lead_ids: ['l3'] }, previous: { x_type_id: '1', notes: 'b', associated_lead_ids: ['l1'] } },
      },
    ]);

    const e1 = await row('e1');
    expect([e1.created_at, e1.updated_at, e1.last_seen]).toEqual([t1, t1, t2]);
    const e2 = await row('e2');
    expect([e2.created_at, e2.updated_at, e2.last_seen, e2.x_type_id]).toEqual([t1, t2, t2, '2']);
    expect(JSON.parse(String(e2.data))).toEqual({ x_type_id: '2', notes: 'B', associated_lead_ids: ['l3'] });
    expect(await links('e2')).toEqual([{ rel: 'applicant', target: 'l3' }]);
    expect(await links('e1')).toHaveLength(2);
    expect((await row('e3')).last_seen).toBe(t1);
  });

  it("keeps each record's core JSON equal to its columns: created, changed (created_at kept), touched and left alone", async () => {
    const tricky = 'x ,"x_id": ,"last_seen": "quoted" \\ 😀';
    const inputs = [event('e1', 'a', ['l1']), event('e2', 'b', ['l1']), event('e3', 'c', []), { ...event(tricky, 'd', []), x_property_id: '100' }];
    await upsert(inputs, '2024-01-01T00:00:00.000Z');
    await upsert([inputs[0]!, event('e2', 'B', ['l1']), inputs[3]!], '2024-01-02T00:00:00.000Z');
    for (const xId of ['e1', 'e2', 'e3', tricky]) {
      const r = (await row(xId)) as RecordTable;
      expect(r.core, xId).toBe(coreJson(r));
    }
    const touched = JSON.parse(`${(await row(tricky)).core}}`) as Record<string, unknown>;
    expect(touched).toMatchObject({ x_id: tricky, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z', last_seen: '2024-01-02T00:00:00.000Z' });
    const changed = JSON.parse(`${(await row('e2')).core}}`) as Record<string, unknown>;
    expect(changed).toMatchObject({ created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-02T00:00:00.000Z', last_seen: '2024-01-02T00:00:00.000Z' });
  });

  it('rolls a batch back with its transaction', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await upsertRecords(trx, integration, 'events', [event('e1', 'a', ['l1'])], '2024-01-01T00:00:00.000Z');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.db.selectFrom('events').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('record_links').select('target').execute()).toEqual([]);
  });

  it('works outside a transaction too, atomically per call', async () => {
    const res = await upsertRecords(store.db, integration, 'events', [event('e1', 'a', ['l1'])], '2024-01-01T00:00:00.000Z');
    expect(res.created).toHaveLength(1);
    expect(await links('e1')).toEqual([{ rel: 'applicant', target: 'l1' }]);
  });

  it("keeps an event's one lead in its owner column, follows a change, and refuses two", async () => {
    const withLead = (xId: string, lead: string[]): RecordInput => ({ ...event(xId, 'n', []), links: { lead } });
    await upsert([withLead('o1', ['l1']), withLead('o2', [])], '2024-01-01T00:00:00.000Z');
    expect((await row('o1')).lead_id).toBe('l1');
    expect((await row('o2')).lead_id).toBeNull();
    await upsert([withLead('o1', ['l9'])], '2024-01-02T00:00:00.000Z');
    expect((await row('o1')).lead_id).toBe('l9');
    await expect(upsert([withLead('o3', ['l1', 'l2'])], '2024-01-03T00:00:00.000Z')).rejects.toThrow(/links to 2 lead records; a events record has at most one/);
  });
});

