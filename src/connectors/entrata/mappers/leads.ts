import type { LeadData } from '../../../domain/lead.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { field, num, str, type Obj } from '../envelope.ts';
import { mountainToIso, entrataDateToIsoDate } from '../time.ts';
import { cents, idOf, type MapContext } from './common.ts';
import { applicationIdOf, desiredUnitOf, personOf } from './prospects.ts';

export function mapLead(ctx: MapContext, propertyXId: string, p: Obj): RecordInput {
  const appId = applicationIdOf(p);
  if (!appId) throw new Error(`an Entrata prospect of property ${propertyXId} without applicationId`);
  const { customerId, ...person } = personOf(p);
  const { prefs, unit, unitXId, minRent, maxRent } = desiredUnitOf(p);
  const sourceId = str(field(p, 'leadSourceId'));
  const beds = num(field(prefs, 'desiredNumBedrooms'));
  const data: LeadData = {
    x_created_at: mountainToIso(str(field(p, 'createdOn'))),
    x_guestcard_id: appId,
    x_leasing_agent_id: str(field(p, 'leasingAgentId')),
    x_unit_id: unitXId,
    x_unit_id_preferred: unitXId ? [unitXId] : [],
    x_updated_at: mountainToIso(str(field(p, 'lastUpdatedDate'))),
    x_lead_source_id: sourceId,
    ...person,
    custom_data: null,
    desired_amenities: null,
    desired_floor_plan_id: str(field(unit, 'floorplanId')),
    desired_floor_plan_name: str(field(prefs, 'desiredFloorplan')) ?? str(field(unit, 'floorplanName')),
    desired_lease_term_in_months: str(field(prefs, 'desiredLeaseTerms')),
    desired_max_rent_in_cents: cents(maxRent),
    desired_max_square_ft: num(field(unit, 'maxSquareFeet')),
    desired_min_rent_in_cents: cents(minRent),
    desired_min_square_ft: num(field(unit, 'minSquareFeet')),
    desired_num_bathrooms: num(field(prefs, 'desiredNumBathrooms')),
    desired_num_bedrooms: beds === null ? null : Math.round(beds),
    desired_unit_number: str(field(unit, 'unitNumber')),
    desired_unit_type: str(field(unit, 'unitType')),
    ils: str(field(p, 'internetListingService')),
    lead_source: str(field(p, 'leadSource')),
    leasing_agent: str(field(p, 'leasingAgent')),
    notes: null,
    number_of_occupants: ((n) => (n === null ? null : Math.round(n)))(num(field(prefs, 'numberOfOccupants'))),
    pet_details: null,
    pets: [],
    status: str(field(p, 'status')),
    target_move_in_date: entrataDateToIsoDate(str(field(prefs, 'targetMoveInDate'))),
    lead_source_id: sourceId ? idOf(ctx, 'lead_sources', sourceId, propertyXId) : null,
    unit_id_preferred: unitXId ? [idOf(ctx, 'units', unitXId)] : [],
    screenings: [],
  };
  return {
    x_id: appId,
    x_property_id: propertyXId,
    property_id: idOf(ctx, 'properties', propertyXId),
    data,
    internal: { application_id: appId, customer_id: customerId, status_id: str(field(p, 'statusId')) },
  };
}
