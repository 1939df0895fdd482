import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Finding an application's applicants and residents without scanning: connectors keep the PMS
 * application ids a person belongs to in `internal.application_ids` (their first also as
 * `internal.application_id`), and a write's read-back needs "the people of application X".
 *
 * PostgreSQL: a GIN index answers `application_ids @> '["X"]'` directly.
 * SQLite has no index over array members: an expression index on the first application id, and a
 * partial index over the (few) people with more than one application, whose lists are then
 * searched with json_each. The queries must spell these expressions exactly as below to use them
 * (src/connectors/entrata/writes/people.ts).
 */
const tables = ['applicants', 'residents'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const t of tables) {
    if (sqlite) {
      await sql`CREATE INDEX ${sql.id(`${t}_application`)} ON ${sql.table(t)} (integration_id, json_extract(internal, '$.application_id'))`.execute(db);
      await sql`CREATE INDEX ${sql.id(`${t}_applications_multi`)} ON ${sql.table(t)} (integration_id, x_property_id) WHERE json_array_length(internal, '$.application_ids') > 1`.execute(db);
    } else {
      await sql`CREATE INDEX ${sql.id(`${t}_applications`)} ON ${sql.table(t)} USING gin (((internal::jsonb) -> 'application_ids') jsonb_path_ops)`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of tables) {
    for (const name of [`${t}_application`, `${t}_applications_multi`, `${t}_applications`]) await db.schema.dropIndex(name).ifExists().execute();
  }
}
