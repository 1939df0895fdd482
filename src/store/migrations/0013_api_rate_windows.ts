import type { Kysely } from 'kysely';

/**
 * The API's per-key request budget, shared by every API process on PostgreSQL
 * (api/sharedRateLimiter.ts): requests counted per caller and per aligned window. SQLite runs one
 * API process and keeps its count in memory; the table exists there too, so both schemas match.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_rate_windows')
    .addColumn('caller', 'text', (c) => c.notNull())
    // The window's start, in ms since the epoch (windows are aligned, so every process agrees).
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_rate_windows_pkey', ['caller', 'window_start'])
    .execute();
  await db.schema.createIndex('api_rate_windows_window').on('api_rate_windows').column('window_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_rate_windows').ifExists().execute();
}
