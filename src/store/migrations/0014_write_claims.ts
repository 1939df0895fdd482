import { sql, type Kysely } from 'kysely';

/**
 * Exactly-once bookkeeping for writes (src/writes/worker.ts, "Who may claim a PMS record"):
 * - a PMS record id is claimed by at most one write job per integration (unique index). Before it,
 *   two jobs could both claim one event (issue: twin writes, the first retried after the second
 *   landed). Such a double claim is a false one for every job but the first: those later claims are
 *   cleared before the index is built, their created_record_id kept as history;
 * - the worker asks, before running a write, whether another write of the same serial key is in
 *   doubt (PENDING with a send whose outcome is unknown): an index on exactly those rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE write_jobs SET x_record_id = NULL
    WHERE x_record_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM write_jobs w2
      WHERE w2.integration_id = write_jobs.integration_id AND w2.x_record_id = write_jobs.x_record_id
        AND (w2.created_at < write_jobs.created_at OR (w2.created_at = write_jobs.created_at AND w2.id < write_jobs.id)))`.execute(db);
  await sql`CREATE UNIQUE INDEX write_jobs_claimed_record ON write_jobs (integration_id, x_record_id) WHERE x_record_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX write_jobs_in_doubt ON write_jobs (queue_name) WHERE status = 'PENDING' AND phase = 'SENT'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('write_jobs_in_doubt').ifExists().execute();
  await db.schema.dropIndex('write_jobs_claimed_record').ifExists().execute();
}
