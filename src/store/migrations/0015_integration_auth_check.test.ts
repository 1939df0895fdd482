import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, type TestStore } from '../../../test/support/store.ts';
import { migrationProvider } from './index.ts';

// Integrations that synced before 0015 could authenticate then; the others were never checked.
describe(`migration 0015_integration_auth_check (${storageMode})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore({ migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}) });
    const before = await migrator.migrateTo('0014_write_claims');
    if (before.error) throw before.error;
    await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc1', 'A', '2024-01-01T00:00:00.000Z')`.execute(store.db);
    const integration = (id: string, lastSync: string | null) =>
      sql`INSERT INTO integrations (id, account_id, vendor, name, credentials, settings, sync_frequency, sync_cadence, active, created_at, updated_at, last_completed_sync)
        VALUES (${id}, 'acc1', 'ENTRATA', 'I', 'x', '{}', 12, 'HOUR', 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', ${lastSync})`.execute(store.db);
    await integration('synced', '2024-02-01T00:00:00.000Z');
    await integration('never', null);
    const after = await migrator.migrateToLatest();
    if (after.error) throw after.error;
  });
  afterAll(() => store.cleanup());

  it('sets can_authenticate from last_completed_sync and leaves the check unknown', async () => {
    const rows = await store.db.selectFrom('integrations').select(['id', 'can_authenticate', 'last_data_access_check', 'credentials_check']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'never', can_authenticate: 0, last_data_access_check: null, credentials_check: null },
      { id: 'synced', can_authenticate: 1, last_data_access_check: null, credentials_check: null },
    ]);
  });
});
