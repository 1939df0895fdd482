import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely';
import { idOfRecord } from '../../../store/repositories/records.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { People } from '../mappers/events.ts';

type Db = Kysely<Record<string, RecordTable>>;

/**
 * The lead / applicant / resident records of an Entrata application, as the sync links an event of
 * that application (see mappers/prospects.ts): the lead is the record whose x_id is the application
 * id; applicants and residents list it in `internal.application_ids`. Every lookup is indexed: the
 * lead by its primary key (its id derives from the application id), the others by migration 0005's
 * indexes, whose expressions these queries repeat word for word.
 */
export async function peopleOfApplication(dbIn: Kysely<never>, integrationId: string, propertyXId: string, applicationId: string): Promise<People> {
  return (await applicationContext(dbIn, integrationId, propertyXId, applicationId, null)).people;
}

/**
 * What mapping a read-back event needs from the store, in one round trip: the people of its
 * application, and the name of its leasing agent (`agentXId`, an employee of the property) when
 * the event names one without its name.
 */
export async function applicationContext(
  dbIn: Kysely<never>,
  integrationId: string,
  propertyXId: string,
  applicationId: string,
  agentXId: string | null,
): Promise<{ people: People; agentName: string | null }> {
  const db = dbIn as unknown as Db;
  const dialect = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
  const byId = (model: 'leads' | 'employees', xId: string, data: boolean) => sql<ContextRow>`
    SELECT ${sql.lit(model)} AS kind, x_id, ${data ? sql.ref('data') : sql`NULL`} AS data FROM ${sql.table(model)}
    WHERE id = ${idOfRecord(integrationId, model, xId, propertyXId)} AND integration_id = ${integrationId} AND x_property_id = ${propertyXId}`;
  const members = (model: 'applicants' | 'residents') => sql<ContextRow>`
    SELECT ${sql.lit(model)} AS kind, x_id, NULL AS data FROM (${applicationMembersQuery(dialect, model, integrationId, propertyXId, applicationId)}) ${sql.ref(`${model}_of_application`)}`;
  const parts = [byId('leads', applicationId, false), members('applicants'), members('residents')];
  if (agentXId !== null) parts.push(byId('employees', agentXId, true));
  const { rows } = await sql<ContextRow>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  const of = (kind: ContextRow['kind']) => rows.filter((r) => r.kind === kind).map((r) => r.x_id);
  // Sorted and deduplicated here: an ORDER BY would tempt the planners into walking the identity index.
  const sorted = (ids: string[]) => [...new Set(ids)].sort();
  const agent = rows.find((r) => r.kind === 'employees');
  const agentName = agent ? String((JSON.parse(agent.data ?? '{}') as { name?: string }).name ?? '') : null;
  return { people: { leads: of('leads'), applicants: sorted(of('applicants')), residents: sorted(of('residents')) }, agentName };
}

interface ContextRow {
  kind: 'leads' | 'applicants' | 'residents' | 'employees';
  x_id: string;
  data: string | null;
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
