import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely';
import type { RecordTable } from '../../../store/schema.ts';
import type { People } from '../mappers/events.ts';

type Db = Kysely<Record<string, RecordTable>>;

/**
 * The lead / applicant / resident records of an Entrata application, as the sync links an event of
 * that application (see mappers/prospects.ts): the lead is the record whose x_id is the application
 * id; applicants and residents list it in `internal.application_ids`. Every lookup is indexed: the
 * lead by its identity, the others by migration 0005's indexes, whose expressions these queries
 * repeat word for word.
 */
export async function peopleOfApplication(dbIn: Kysely<never>, integrationId: string, propertyXId: string, applicationId: string): Promise<People> {
  const db = dbIn as unknown as Db;
  const leads = await db
    .selectFrom('leads')
    .select('x_id')
    .where('integration_id', '=', integrationId)
    .where('x_id', '=', applicationId)
    .where('x_property_id', '=', propertyXId)
    .execute();
  const dialect = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
  // Sorted and deduplicated here: an ORDER BY would tempt the planners into walking the identity index.
  const members = async (model: 'applicants' | 'residents') =>
    [...new Set((await applicationMembersQuery(dialect, model, integrationId, propertyXId, applicationId).execute(db)).rows.map((r) => r.x_id))].sort();
  return { leads: leads.map((r) => r.x_id), applicants: await members('applicants'), residents: await members('residents') };
}

/**
 * x_ids of the applicants or residents of an application at a property. PostgreSQL answers from the
 * GIN index; SQLite takes the first application through its expression index and later ones among
 * the few people that have several (a partial index), searched with json_each.
 */
export function applicationMembersQuery(dialect: 'sqlite' | 'postgres', model: 'applicants' | 'residents', integrationId: string, propertyXId: string, applicationId: string): RawBuilder<{ x_id: string }> {
  const t = sql.table(model);
  if (dialect === 'postgres') {
    return sql<{ x_id: string }>`
      SELECT x_id FROM ${t}
      WHERE integration_id = ${integrationId} AND x_property_id = ${propertyXId}
        AND ((internal::jsonb) -> 'application_ids') @> ${JSON.stringify([applicationId])}::jsonb`;
  }
  return sql<{ x_id: string }>`
    SELECT x_id FROM ${t}
    WHERE integration_id = ${integrationId} AND json_extract(internal, '$.application_id') = ${applicationId} AND x_property_id = ${propertyXId}
    UNION ALL
    SELECT x_id FROM ${t}
    WHERE integration_id = ${integrationId} AND x_property_id = ${propertyXId} AND json_array_length(internal, '$.application_ids') > 1
      AND EXISTS (SELECT 1 FROM json_each(${t}.internal, '$.application_ids') a WHERE a.value = ${applicationId})`;
}
