import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they describe tables, they do not depend on today's types.

/**
 * The record tables this migration creates and their indexed filter columns, written out rather
 * than read from models.ts: a migration must create the same tables forever. A later change to
 * models.ts needs a new migration (models.test.ts checks that the two agree).
 */
export const recordTables: Readonly<Record<string, readonly string[]>> = {
  properties: ['is_active'],
  units: ['unit_number'],
  employees: [],
  lead_sources: [],
  event_types: [],
  event_sub_types: ['event_type_id'],
  event_results: [],
  leads: ['email_1', 'email_2', 'phone_1', 'x_unit_id'],
  applicants: ['email_1', 'phone_1'],
  residents: ['email_1', 'phone_1'],
  events: ['x_type_id'],
};

/** Tables whose PMS ids are unique only within a property (see models.ts perProperty). */
export const perPropertyTables: readonly string[] = ['employees', 'lead_sources', 'event_types', 'event_sub_types', 'event_results'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_keys_account').on('api_keys').columns(['account_id']).execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('sync_frequency', 'integer', (c) => c.notNull())
    .addColumn('sync_cadence', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_completed_sync', 'text')
    .addColumn('last_completed_back_sync', 'text')
    .execute();
  await db.schema.createIndex('integrations_account').on('integrations').columns(['account_id', 'created_at']).execute();

  await db.schema
    .createTable('kv')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('record_links')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('rel', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_links_pk', ['model', 'record_id', 'rel', 'target'])
    .execute();
  // "events of this lead": rel + target first, then the record it leads to.
  await db.schema
    .createIndex('record_links_target')
    .on('record_links')
    .columns(['rel', 'target', 'model', 'record_id'])
    .execute();

  for (const [table, columns] of Object.entries(recordTables)) await createRecordTable(db, table, columns);
}

async function createRecordTable(db: Kysely<unknown>, t: string, columns: readonly string[]): Promise<void> {
  let table = db.schema
    .createTable(t)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('integration_vendor', 'text', (c) => c.notNull())
    .addColumn('x_id', 'text', (c) => c.notNull())
    .addColumn('x_property_id', 'text')
    .addColumn('property_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('internal', 'text');
  for (const column of columns) table = table.addColumn(column, 'text');
  const identity = perPropertyTables.includes(t) ? (['integration_id', 'x_property_id', 'x_id'] as const) : (['integration_id', 'x_id'] as const);
  await table.addUniqueConstraint(`${t}_integration_x_id`, [...identity]).execute();

  // Every list query is scoped to an account and ordered by created_at (the default) or another
  // timestamp; each filter column gets an index that also serves that order.
  const indexed = ['integration_id', 'integration_vendor', 'x_property_id', 'property_id', ...columns];
  await db.schema.createIndex(`${t}_account_created`).on(t).columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex(`${t}_account_updated`).on(t).columns(['account_id', 'updated_at']).execute();
  await db.schema.createIndex(`${t}_account_last_seen`).on(t).columns(['account_id', 'last_seen']).execute();
  await db.schema.createIndex(`${t}_account_x_id`).on(t).columns(['account_id', 'x_id']).execute();
  for (const column of indexed) {
    await db.schema.createIndex(`${t}_account_${column}`).on(t).columns(['account_id', column, 'created_at']).execute();
  }
}
