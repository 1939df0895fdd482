import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../../test/support/store.ts';
import { migrationProvider } from './index.ts';
import { coreJson } from '../repositories/records.ts';
import type { RecordTable } from '../schema.ts';

// Records synced before 0012 get their core JSON from the migration: it must equal what the
// application would have written (records.ts coreJson), escaping and nulls included.
describe(`migration 0012_record_core (${storageMode})`, () => {
  let store: TestStore;
  const tricky = 'quote " backslash \\ newline \n tab \t control \u0001 é 日本 😀 ,"x_id": </tag>';
  beforeAll(async () => {
    store = await openTestStore({ migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}) });
    const before = await migrator.migrateTo('0011_queue_locked_by_index');
    if (before.error) throw before.error;
    await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc1', 'A', '2024-01-01T00:00:00.000Z')`.execute(store.db);
    await sql`INSERT INTO integrations (id, account_id, vendor, name, credentials, settings, sync_frequency, sync_cadence, active, created_at, updated_at)
      VALUES ('int1', 'acc1', 'ENTRATA', 'I', 'x', '{}', 12, 'HOUR', 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`.execute(store.db);
    const event = (id: string, xId: string, xProperty: string | null, lastSeen: string | null) =>
      sql`INSERT INTO events (id, account_id, integration_id, integration_vendor, x_id, x_property_id, property_id, created_at, updated_at, last_seen, content_hash, data, internal, lead_id)
        VALUES (${id}, 'acc1', 'int1', 'ENTRATA', ${xId}, ${xProperty}, ${xProperty ? 'cprop' : null}, '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', ${lastSeen}, 'h', '{"notes":"n"}', null, 'l1')`.execute(store.db);
    await event('e1', '1', '100', '2024-01-03T00:00:00.000Z');
    await event('e2', tricky, null, null);
    await sql`INSERT INTO leads (id, account_id, integration_id, integration_vendor, x_id, x_property_id, property_id, created_at, updated_at, last_seen, content_hash, data, internal)
      VALUES ('l1', 'acc1', 'int1', 'ENTRATA', '7', '100', 'cprop', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'h', '{}', null)`.execute(store.db);
    const after = await migrator.migrateToLatest();
    if (after.error) throw after.error;
  });
  afterAll(() => store.cleanup());

  it('fills core on every record table from the columns, as coreJson writes it', async () => {
    const rows = [...(await store.db.selectFrom('events').selectAll().orderBy('id').execute()), ...(await store.db.selectFrom('leads').selectAll().execute())] as RecordTable[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.core).toBe(coreJson(row));
      expect(JSON.parse(`${row.core}}`)).toMatchObject({ id: row.id, x_id: row.x_id, last_seen: row.last_seen, x_property_id: row.x_property_id });
    }
  });

  it('refuses on PostgreSQL a record written without core (a process of an older version, during a rolling upgrade)', async () => {
    if (store.dialect !== 'postgres') return;
    await expect(
      sql`INSERT INTO leads (id, account_id, integration_id, integration_vendor, x_id, created_at, updated_at, content_hash, data)
        VALUES ('l2', 'acc1', 'int1', 'ENTRATA', '8', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'h', '{}')`.execute(store.db),
    ).rejects.toThrow(/core/);
  });

  it('keeps the SQLite index of a lead\'s events covering: it carries core and data', async () => {
    if (store.dialect !== 'sqlite') return;
    const columns = (await sql<{ name: string }>`SELECT name FROM pragma_index_info('events_account_lead')`.execute(store.db)).rows.map((r) => r.name);
    expect(columns).toEqual(['account_id', 'lead_id', 'created_at', 'id', 'core', 'data']);
    const plan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT core, data FROM events WHERE account_id = 'acc1' AND lead_id = 'l1' ORDER BY created_at DESC, id DESC`.execute(store.db)).rows;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX events_account_lead/);
  });
});
