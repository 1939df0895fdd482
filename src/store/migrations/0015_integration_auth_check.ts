import { sql, type Kysely } from 'kysely';

/**
 * What the PMS last said of an integration's credentials (Propexo's can_authenticate and
 * last_data_access_check): set by the check run when credentials are saved and by every sync that
 * succeeds or is refused. `credentials_check` is that answer as JSON ({status, call, message}).
 * Integrations that have synced before this migration could authenticate then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('integrations').addColumn('can_authenticate', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('integrations').addColumn('last_data_access_check', 'text').execute();
  await db.schema.alterTable('integrations').addColumn('credentials_check', 'text').execute();
  await sql`UPDATE integrations SET can_authenticate = 1 WHERE last_completed_sync IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('integrations').dropColumn('credentials_check').execute();
  await db.schema.alterTable('integrations').dropColumn('last_data_access_check').execute();
  await db.schema.alterTable('integrations').dropColumn('can_authenticate').execute();
}
