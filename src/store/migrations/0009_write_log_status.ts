import type { Kysely } from 'kysely';

/**
 * GET /v1/admin/logs/writes/?status=FAILURE looks for the few failures among many successes: with
 * only (account_id, created_at) it walked every job of the account, newest first, to fill a page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('write_jobs_account_status').on('write_jobs').columns(['account_id', 'status', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('write_jobs_account_status').ifExists().execute();
}
