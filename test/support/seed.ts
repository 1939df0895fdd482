import { recordId } from '../../src/lib/ids.ts';
import { nowInstant } from '../../src/lib/time.ts';
import type { ModelName } from '../../src/store/models.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { idOfRecord, upsertRecords, type RecordInput } from '../../src/store/repositories/records.ts';
import type { Store } from '../../src/store/db.ts';

/** An Entrata integration row with placeholder sealed credentials, for tests that only read. */
export async function seedIntegration(store: Store, accountId: string, name = 'Test Entrata'): Promise<IntegrationRow> {
  return insertIntegration(store.db, {
    account_id: accountId,
    vendor: 'ENTRATA',
    name,
    credentials: 'v1.placeholder',
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
}

export async function seedRecords(
  store: Store,
  integration: IntegrationRow,
  model: ModelName,
  inputs: RecordInput[],
  seenAt = nowInstant(),
): Promise<string[]> {
  await store.db.transaction().execute((trx) => upsertRecords(trx, integration, model, inputs, seenAt));
  return inputs.map((i) => idOfRecord(integration.id, model, i.x_id, i.x_property_id));
}

/** A complete event record as an Entrata mapper would produce it. */
export function eventInput(
  integration: IntegrationRow,
  xId: string,
  opts: { xPropertyId?: string; leadXIds?: string[]; typeXId?: string; name?: string; when?: string } = {},
): RecordInput {
  const xPropertyId = opts.xPropertyId ?? '100';
  const leadIds = (opts.leadXIds ?? []).map((x) => recordId(integration.id, 'leads', x));
  return {
    x_id: xId,
    x_property_id: xPropertyId,
    property_id: recordId(integration.id, 'properties', xPropertyId),
    data: {
      x_leasing_agent_id: '315879',
      x_type_id: opts.typeXId ?? '3',
      x_location_id: null,
      event_name: opts.name ?? 'Call - Incoming',
      event_datetime: opts.when ?? '2024-01-15T16:30:00.000Z',
      appointment_datetime: null,
      type_raw: opts.name ?? 'Call - Incoming',
      notes: `note ${xId}`,
      agent_name: 'Pat Agent',
      reasons_for_event: null,
      associated_lead_ids: leadIds,
      associated_applicant_ids: [],
      associated_resident_ids: [],
    },
    links: { lead: leadIds },
  };
}
