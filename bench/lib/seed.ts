import { recordId } from '../../src/lib/ids.ts';
import type { Store } from '../../src/store/db.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { upsertRecords, type RecordInput } from '../../src/store/repositories/records.ts';

/**
 * The read benchmarks' dataset, written through the same repositories a sync uses: one account,
 * one Entrata integration, properties, leads, and events spread over the leads (event n belongs
 * to lead n mod leads, so a lead's events come from different sync batches, as in real life).
 */
export interface SeedPlan {
  events: number;
  leads: number;
  properties: number;
  /** Records per upsertRecords call; each call gets its own seen-at time. */
  batch: number;
  /** Records per transaction. */
  transaction: number;
}

export interface SeededDataset {
  accountId: string;
  integrationId: string;
  plan: SeedPlan;
  /** Rows written: records of every model plus their link rows. */
  rows: number;
  seconds: number;
}

const eventTypes = ['Call - Incoming', 'Call - Outgoing', 'Email - Incoming', 'Email - Outgoing', 'Tour', 'Appointment', 'Note', 'Text Message'];
const base = Date.parse('2024-01-01T00:00:00.000Z');

export const propertyXId = (p: number): string => String(100 + p);
export const leadXId = (l: number): string => String(500_000 + l);
export const eventXId = (n: number): string => String(10_000_000 + n);

export function eventIdOf(integrationId: string, n: number): string {
  return recordId(integrationId, 'events', eventXId(n));
}

export function leadIdOf(integrationId: string, l: number): string {
  return recordId(integrationId, 'leads', leadXId(l));
}

function propertyOf(plan: SeedPlan, l: number): number {
  return l % plan.properties;
}

function propertyInput(integration: IntegrationRow, p: number): RecordInput {
  const x = propertyXId(p);
  return {
    x_id: x,
    x_property_id: x,
    property_id: recordId(integration.id, 'properties', x),
    data: { name: `Bench Property ${p}`, is_active: true, address_1: `${p} Main St`, city: 'Denver', state: 'CO', zip: '80202' },
  };
}

function leadInput(integration: IntegrationRow, plan: SeedPlan, l: number): RecordInput {
  const xp = propertyXId(propertyOf(plan, l));
  return {
    x_id: leadXId(l),
    x_property_id: xp,
    property_id: recordId(integration.id, 'properties', xp),
    data: {
      first_name: `First${l}`,
      last_name: `Last${l}`,
      email_1: `lead${l}@example.com`,
      email_2: null,
      phone_1: `303555${String(l % 10_000).padStart(4, '0')}`,
      x_unit_id: null,
      status: 'Guest Card',
    },
  };
}

function eventInput(integration: IntegrationRow, plan: SeedPlan, n: number): RecordInput {
  const l = n % plan.leads;
  const xp = propertyXId(propertyOf(plan, l));
  const lead = leadIdOf(integration.id, l);
  const type = n % eventTypes.length;
  const name = eventTypes[type] ?? 'Note';
  return {
    x_id: eventXId(n),
    x_property_id: xp,
    property_id: recordId(integration.id, 'properties', xp),
    data: {
      x_leasing_agent_id: String(315_000 + (n % 40)),
      x_type_id: String(type + 1),
      x_location_id: null,
      event_name: name,
      event_datetime: new Date(base + n * 60_000).toISOString(),
      appointment_datetime: null,
      type_raw: name,
      notes: `Benchmark note ${n}: prospect asked about availability and pricing.`,
      agent_name: `Agent ${n % 40}`,
      reasons_for_event: null,
      associated_lead_ids: [lead],
      associated_applicant_ids: [],
      associated_resident_ids: [],
    },
    links: { lead: [lead] },
  };
}

/** Seeds a migrated, empty store. `progress` is called after each transaction. */
export async function seedReadDataset(
  store: Store,
  plan: SeedPlan,
  progress: (done: number, total: number) => void = () => {},
): Promise<SeededDataset> {
  const started = process.hrtime.bigint();
  const account = await createAccount(store.db, 'Bench Leasing');
  const integration = await insertIntegration(store.db, {
    account_id: account.id,
    vendor: 'ENTRATA',
    name: 'Bench Entrata',
    credentials: 'v1.placeholder',
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
  let batchNo = 0;
  const seenAt = (): string => new Date(base + batchNo++ * 60_000).toISOString();
  let rows = 0;

  const write = async (model: 'properties' | 'leads' | 'events', count: number, make: (i: number) => RecordInput): Promise<void> => {
    for (let t = 0; t < count; t += plan.transaction) {
      await store.db.transaction().execute(async (trx) => {
        for (let b = t; b < Math.min(count, t + plan.transaction); b += plan.batch) {
          const inputs: RecordInput[] = [];
          for (let i = b; i < Math.min(count, b + plan.batch, t + plan.transaction); i++) inputs.push(make(i));
          await upsertRecords(trx, integration, model, inputs, seenAt());
          rows += inputs.length + inputs.reduce((sum, input) => sum + (input.links?.lead?.length ?? 0), 0);
        }
      });
      progress(rows, plan.properties + plan.leads + plan.events * 2);
    }
  };
  await write('properties', plan.properties, (p) => propertyInput(integration, p));
  await write('leads', plan.leads, (l) => leadInput(integration, plan, l));
  await write('events', plan.events, (n) => eventInput(integration, plan, n));

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { accountId: account.id, integrationId: integration.id, plan, rows, seconds };
}
