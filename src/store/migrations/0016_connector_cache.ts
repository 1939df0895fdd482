import type { Kysely } from 'kysely';

/**
 * What a connector read from the PMS and may serve again without asking (pick lists, the
 * property list), per integration and key, with when it was read: one row every worker process
 * shares, so a cache refresh costs the PMS's rate limit once, not once per process. Deleting the
 * integration deletes its rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connector_cache')
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // When the PMS answered, in ms since the epoch.
    .addColumn('fetched_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_cache_pk', ['integration_id', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('connector_cache').ifExists().execute();
}
