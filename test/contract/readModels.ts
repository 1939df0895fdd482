import type { ApplicantData } from '../../src/domain/applicant.ts';
import type { EmployeeData } from '../../src/domain/employee.ts';
import type { EventResultData } from '../../src/domain/eventResult.ts';
import type { EventSubTypeData } from '../../src/domain/eventSubType.ts';
import type { EventTypeData } from '../../src/domain/eventType.ts';
import type { LeadData } from '../../src/domain/lead.ts';
import type { LeadSourceData } from '../../src/domain/leadSource.ts';
import type { PropertyData } from '../../src/domain/property.ts';
import type { ResidentData } from '../../src/domain/resident.ts';
import type { UnitData } from '../../src/domain/unit.ts';
import { recordId } from '../../src/lib/ids.ts';
import type { Store } from '../../src/store/db.ts';
import type { ModelName } from '../../src/store/models.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { idOfRecord, type RecordInput } from '../../src/store/repositories/records.ts';
import { eventInput, seedIntegration, seedRecords } from '../support/seed.ts';

/**
 * Realistic records of every read model, shaped so that each published filter keeps some and
 * drops others. Integration A (Entrata) has properties 100 and 200; integration B (ResMan) reuses
 * the PMS ids 100 and 1, as auto-increment PMS ids do. Every property-scoped model gets four
 * records: A1 and A2 at property 100, A3 at property 200, and B1 at B's property 100.
 */
export const recordKeys = ['A1', 'A2', 'A3', 'B1'] as const;
export type RecordKey = (typeof recordKeys)[number];
export const propertyKeys = ['A100', 'A200', 'B100'] as const;
export type PropertyKey = (typeof propertyKeys)[number];

export interface SeededReadModels {
  integrations: { A: IntegrationRow; B: IntegrationRow };
  /** Leasewire id of each seeded record, by model and key (properties by PropertyKey). */
  ids: Record<ModelName, Record<string, string>>;
  propertyId(key: PropertyKey): string;
  /** Lease ids the residents link to (A1 and A3 share lease L1). */
  leaseId(name: 'L1' | 'L2' | 'L3'): string;
}

interface Slot {
  key: RecordKey;
  /** 1-based position within the four records. */
  n: number;
  integration: IntegrationRow;
  xId: string;
  xPropertyId: string;
}

/** The n-th hour after a fixed instant: distinct, ordered, valid times. */
const at = (n: number) => new Date(Date.UTC(2025, 1, 1, 15, 30) + n * 3_600_000).toISOString();
const hours = [
  { day_of_week: 'MONDAY', open_time: '09:00', close_time: '18:00' },
  { day_of_week: 'SATURDAY', open_time: '10:00', close_time: '16:00' },
] as const;
// Nested sub-records carry their own core fields, as Propexo serves them.
const nestedCore = (id: string, n: number) => ({ id, created_at: at(n), updated_at: at(n), last_seen: at(n + 1), x_id: id.slice(-3) });

function property(n: number, active: boolean): PropertyData {
  const full = n === 1;
  return {
    x_created_at: full ? '2019-06-01T00:00:00-06:00' : null,
    x_building_id: null,
    building_number: full ? 'B' : null,
    city: 'Denver',
    code: `P${n}`,
    country: 'US',
    county: full ? 'Denver County' : null,
    custom_data: full ? { region: 'Mountain', floors: 4 } : null,
    is_active: active,
    manager_email: full ? 'manager@parkview.example' : null,
    manager_name: full ? 'Morgan Manager' : null,
    manager_phone_1: full ? '3035550100' : null,
    manager_phone_1_type: 'WORK',
    manager_phone_2: null,
    manager_phone_2_type: 'MOBILE',
    name: `Parkview ${n}`,
    notes: null,
    number_of_units: full ? 120 : null,
    square_footage: full ? 98000 : null,
    square_feet: full ? 98000 : null,
    state: 'CO',
    street_address_1: `${n}00 Main St`,
    street_address_2: null,
    address_1: `${n}00 Main St`,
    address_2: null,
    type: 'Apartment',
    type_raw: 'Apartment',
    type_normalized: full ? 'MULTI_FAMILY' : 'Garden style',
    website: full ? 'https://parkview.example' : null,
    year_built: full ? 1998 : null,
    zip: '80202',
    long_description: full ? 'Garden-style community near the park.' : null,
    short_description: null,
    office_hours: full ? [...hours] : [],
    pet_types: full
      ? [
          {
            name: 'Dog',
            is_allowed: true,
            description: 'Up to two dogs',
            notes: null,
            deposit_raw: '300.00',
            deposit_in_cents: 30000,
            fee_raw: null,
            fee_in_cents: null,
            fee_min_raw: null,
            fee_min_in_cents: null,
            fee_max_raw: null,
            fee_max_in_cents: null,
            rent_amount_raw: '35.00',
            rent_amount_in_cents: 3500,
          },
        ]
      : [],
    associated_owner_ids: full ? ['owner-1'] : [],
  };
}

const unit = ({ n }: Slot): UnitData => ({
  x_floor_plan_id: n === 1 ? '77' : null,
  x_unit_type_id: null,
  bathrooms: '1.5',
  bathrooms_full: 1,
  bathrooms_half: 1,
  bedrooms: '2',
  building_name: n === 1 ? 'North' : null,
  building_number: null,
  city: 'Denver',
  country: 'US',
  custom_data: n === 1 ? { view: 'park' } : null,
  floor_plan_code: 'B2',
  floor_plan_name: 'Birch',
  floor: '3',
  is_available: n !== 2,
  is_furnished: false,
  is_listed: null,
  is_vacant: n === 2,
  number: n === 2 ? '102' : '101',
  rent_amount_market_in_cents: 185000,
  rent_amount_max_in_cents: null,
  rent_amount_min_in_cents: null,
  square_feet: 950,
  state: 'CO',
  street_address_1: '100 Main St',
  street_address_2: null,
  address_1: '100 Main St',
  address_2: `Unit ${n === 2 ? '102' : '101'}`,
  zip: '80202',
  pets_allowed: true,
  dogs_allowed: true,
  cats_allowed: null,
  pet_policy: null,
  floor_plan_id: null,
  unit_type_id: null,
});

const employee = ({ n }: Slot): EmployeeData => ({
  x_location_id: null,
  name: ['Pat Agent', 'Sam Leasing', 'Alex Office', 'Kim Remote'][n - 1] ?? null,
  email: n === 3 ? null : `agent${n}@parkview.example`,
  is_active: n !== 3,
  roles: n === 1 ? ['Leasing Agent', 'Manager'] : [],
});

const leadSource = ({ n }: Slot): LeadSourceData => ({ x_location_id: null, name: ['Zillow', 'Walk-in', null, 'Apartments.com'][n - 1] ?? null });

const eventTypeModels: Record<RecordKey, string[]> = { A1: ['leads', 'residents'], A2: ['applicants'], A3: ['residents'], B1: ['leads'] };
const eventType = ({ key, n }: Slot): EventTypeData => ({
  x_location_id: null,
  code: n === 2 ? null : `T${n}`,
  models: eventTypeModels[key],
  name: ['Call', 'Email', 'Tour', 'Call'][n - 1] ?? 'Call',
});

/** Which event type each event sub type and event result belongs to. */
const parentType: Record<RecordKey, RecordKey> = { A1: 'A1', A2: 'A1', A3: 'A3', B1: 'B1' };

const typeXProperty: Record<RecordKey, string> = { A1: '100', A2: '100', A3: '200', B1: '100' };
function typeId(slot: Slot, key: RecordKey): string {
  return idOfRecord(slot.integration.id, 'event_types', key === 'B1' ? '1' : key.slice(1), typeXProperty[key]);
}

const eventSubType = (slot: Slot): EventSubTypeData => ({
  x_location_id: null,
  x_event_type_id: parentType[slot.key].slice(1),
  name: ['Incoming', 'Outgoing', 'Self-guided', 'Incoming'][slot.n - 1] ?? 'Incoming',
  event_type_id: typeId(slot, parentType[slot.key]),
});

const eventResult = (slot: Slot): EventResultData => ({
  x_location_id: null,
  name: ['Left voicemail', 'Scheduled tour', 'No answer', 'Left voicemail'][slot.n - 1] ?? 'Other',
  associated_event_type_ids: [typeId(slot, parentType[slot.key])],
});

const emails: Record<RecordKey, [string | null, string | null]> = {
  A1: ['jane.doe@example.com', null],
  A2: ['sam.lee@example.com', 'sam@work.example'],
  A3: [null, null],
  B1: ['jane.doe@example.com', null],
};
const phones: Record<RecordKey, string | null> = { A1: '3035550101', A2: '3035550102', A3: '3035550101', B1: null };

function person({ key, n }: Slot) {
  return {
    address_1: n === 3 ? null : `${n}2 Elm St`,
    address_2: null,
    city: 'Boulder',
    country: 'US',
    custom_data: n === 1 ? { preferred_contact: 'email' } : null,
    date_of_birth: n === 1 ? '1990-04-12' : null,
    email_1: emails[key][0],
    email_2: emails[key][1],
    first_name: ['Jane', 'Sam', 'Lee', 'Jane'][n - 1] ?? null,
    last_name: ['Doe', 'Lee', 'Park', 'Doe'][n - 1] ?? null,
    middle_name: null,
    notes: n === 2 ? 'Wants a ground floor' : null,
    phone_1_type: 'MOBILE' as const,
    phone_1: phones[key],
    phone_2_type: 'HOME' as const,
    phone_2: null,
    state: 'CO',
    zip: '80301',
  };
}

const screening = (id: string) => ({ ...nestedCore(id, 3), last_seen: at(4), status_raw: 'Passed', screening_date: '2025-02-03' });
const petBase = (id: string) => ({ ...nestedCore(id, 2), age_in_years: 3, breed: 'Beagle', gender_raw: 'F', is_fixed: true, is_service_animal: null, name: 'Maple', notes: null, type: 'Dog', weight_in_pounds: 24.5, custom_data: null });

function lead(slot: Slot): LeadData {
  const { key, n } = slot;
  return {
    x_created_at: '2025-01-20T10:00:00-07:00',
    x_guestcard_id: n === 1 ? `GC-${key}` : null,
    x_leasing_agent_id: '315879',
    x_unit_id: key === 'A2' ? null : '5001',
    x_unit_id_preferred: key === 'A2' ? [] : ['5001', '5002'],
    x_updated_at: null,
    x_lead_source_id: '12',
    ...person(slot),
    desired_amenities: n === 1 ? 'Balcony' : null,
    desired_floor_plan_id: null,
    desired_floor_plan_name: n === 1 ? 'Birch' : null,
    desired_lease_term_in_months: '12',
    desired_max_rent_in_cents: 200000,
    desired_max_square_ft: null,
    desired_min_rent_in_cents: 150000,
    desired_min_square_ft: 800,
    desired_num_bathrooms: 1.5,
    desired_num_bedrooms: 2,
    desired_unit_number: null,
    desired_unit_type: null,
    ils: n === 1 ? 'Zillow' : null,
    lead_source: 'Zillow',
    leasing_agent: 'Pat Agent',
    number_of_occupants: n === 3 ? null : 2,
    pet_details: null,
    pets: n === 1 ? [{ ...petBase(`lp-${key}-001`), color: 'Brown' }] : [],
    phone_1_type: phones[key] ? 'MOBILE' : null,
    phone_2_type: null,
    status: 'Guest Card',
    target_move_in_date: '2025-04-01',
    lead_source_id: idOfRecord(slot.integration.id, 'lead_sources', '1', '100'),
    unit_id_preferred: key === 'A2' ? [] : [idOfRecord(slot.integration.id, 'units', '1', '100')],
    screenings: n === 1 ? [screening(`ls-${key}-001`)] : [],
  };
}

function applicant(slot: Slot): ApplicantData {
  const { key, n } = slot;
  const id = idOfRecord(slot.integration.id, 'applicants', slot.xId, slot.xPropertyId);
  return {
    ...person(slot),
    x_unit_id: n === 3 ? null : '5001',
    x_lease_id: null,
    x_lead_id: slot.xId,
    x_unit_id_preferred: ['5001'],
    address_1_alternate: null,
    address_2_alternate: null,
    applications: [{ applicant_id: id, application_id: `app-${key}`, status: 'Approved', status_raw: 'Approved', status_normalized: 'APPROVED', custom_data: null }],
    city_alternate: null,
    country_alternate: null,
    self_reported_income: n === 1 ? [{ amount_in_cents: 7200000, amount_raw: '72000', type_normalized: 'SALARY', type_raw: 'Employment' }] : [],
    state_alternate: null,
    type_normalized: 'PRIMARY',
    type_raw: 'Primary',
    zip_alternate: null,
    pets: n === 2 ? [{ ...petBase(`ap-${key}-001`), color: null, is_declawed: null, is_trained: true, is_vaccinated: true }] : [],
    unit_id_preferred: [],
    screenings: [screening(`as-${key}-001`)],
  };
}

const residentLeases: Record<RecordKey, Array<'L1' | 'L2' | 'L3'>> = { A1: ['L1'], A2: ['L2'], A3: ['L1', 'L3'], B1: [] };
// Leases are not a served model yet; residents name them by the id a lease model would get.
const leaseRecordId = (integration: IntegrationRow, name: string) => recordId(integration.id, 'leases', name);

function resident(slot: Slot): ResidentData {
  const { key, n, integration } = slot;
  return {
    ...person(slot),
    x_lease_id: null,
    leases_meta_data: residentLeases[key].map((l, i) => ({
      lease_id: leaseRecordId(integration, l),
      x_resident_type: 'Primary',
      resident_type_normalized: i === 0 ? 'PRIMARY' : 'Co-signer',
      move_in_date: '2024-06-01',
      move_out_date: null,
      notice_date: null,
      custom_data: null,
    })),
    address_1_alternate: null,
    address_2_alternate: null,
    balance_in_cents: n === 2 ? 12550 : 0,
    city_alternate: null,
    country_alternate: null,
    is_employee: false,
    late_balance_in_cents: null,
    state_alternate: null,
    zip_alternate: null,
    pets: n === 1 ? [{ ...petBase(`rp-${key}-001`) }] : [],
    vehicles: n === 1
      ? [{ ...nestedCore(`rv-${key}-001`, 2), make: 'Subaru', model: 'Outback', color: 'Green', year: '2019', license_plate_number: 'ABC123', license_plate_state: 'CO', notes: null, custom_data: null }]
      : [],
  };
}

const builders: Record<Exclude<ModelName, 'properties' | 'events'>, (slot: Slot) => Record<string, unknown>> = {
  units: unit,
  employees: employee,
  lead_sources: leadSource,
  event_types: eventType,
  event_sub_types: eventSubType,
  event_results: eventResult,
  leads: lead,
  applicants: applicant,
  residents: resident,
};

function links(model: ModelName, slot: Slot): Record<string, string[]> | undefined {
  if (model === 'event_types') return { model: eventTypeModels[slot.key] };
  if (model === 'event_results') return { event_type: [typeId(slot, parentType[slot.key])] };
  if (model === 'residents') return { lease: residentLeases[slot.key].map((l) => leaseRecordId(slot.integration, l)) };
  return undefined;
}

export async function seedReadModels(store: Store, accountId: string): Promise<SeededReadModels> {
  const A = await seedIntegration(store, accountId, 'Parkview Entrata');
  const B = await insertIntegration(store.db, {
    account_id: accountId,
    vendor: 'RESMAN',
    name: 'Lakeside ResMan',
    credentials: 'v1.placeholder',
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
  const propertyId = (key: PropertyKey) => idOfRecord((key[0] === 'A' ? A : B).id, 'properties', key.slice(1), key.slice(1));
  const slots: Slot[] = [
    { key: 'A1', n: 1, integration: A, xId: '1', xPropertyId: '100' },
    { key: 'A2', n: 2, integration: A, xId: '2', xPropertyId: '100' },
    { key: 'A3', n: 3, integration: A, xId: '3', xPropertyId: '200' },
    { key: 'B1', n: 4, integration: B, xId: '1', xPropertyId: '100' },
  ];
  const ids = {} as Record<ModelName, Record<string, string>>;
  // Distinct seen times per record make the default order (created_at desc) deterministic.
  let tick = 1;
  const seed = async (model: ModelName, key: string, integration: IntegrationRow, input: RecordInput) => {
    await seedRecords(store, integration, model, [input], at(tick++));
    (ids[model] ??= {})[key] = idOfRecord(integration.id, model, input.x_id, input.x_property_id);
  };

  for (const [key, active] of [['A100', true], ['A200', false], ['B100', true]] as const) {
    const integration = key[0] === 'A' ? A : B;
    const xId = key.slice(1);
    await seed('properties', key, integration, { x_id: xId, x_property_id: xId, property_id: propertyId(key), data: { ...property(key === 'A200' ? 2 : 1, active) } });
  }
  for (const [model, build] of Object.entries(builders) as Array<[ModelName, (slot: Slot) => Record<string, unknown>]>) {
    for (const slot of slots) {
      const linked = links(model, slot);
      await seed(model, slot.key, slot.integration, {
        x_id: slot.xId,
        x_property_id: slot.xPropertyId,
        property_id: propertyId(`${slot.key[0]}${slot.xPropertyId}` as PropertyKey),
        data: build(slot),
        ...(linked ? { links: linked } : {}),
      });
    }
  }
  for (const slot of slots) {
    const input = eventInput(slot.integration, slot.xId, { xPropertyId: slot.xPropertyId, leadXIds: [slot.xId], typeXId: slot.n === 2 ? '2' : '1' });
    const applicantIds = slot.n === 3 ? [idOfRecord(slot.integration.id, 'applicants', slot.xId, slot.xPropertyId)] : [];
    const residentIds = slot.n === 2 ? [idOfRecord(slot.integration.id, 'residents', slot.xId, slot.xPropertyId)] : [];
    input.data = { ...input.data, associated_applicant_ids: applicantIds, associated_resident_ids: residentIds };
    input.links = { ...input.links, applicant: applicantIds, resident: residentIds };
    await seed('events', slot.key, slot.integration, input);
  }
  return { integrations: { A, B }, ids, propertyId, leaseId: (name) => leaseRecordId(A, name) };
}
