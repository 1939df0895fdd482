import type { PropertyData } from '../../../domain/property.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { bool, field, items, num, str, sub, type Obj } from '../envelope.ts';
import { zoneForState, type MapContext, idOf } from './common.ts';

const days = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** properties/getProperties → `result.PhysicalProperty.Property[]` (reference §2.8). */
export function propertyRecords(result: unknown): Obj[] {
  return items(field(result as Obj, 'PhysicalProperty'), 'Property');
}

export function mapProperty(ctx: MapContext, p: Obj): RecordInput {
  const xId = str(field(p, 'PropertyID', 'propertyId', 'Id'));
  if (!xId) throw new Error('an Entrata property without PropertyID');
  const address = sub(p, 'Address') ?? items(field(p, 'Addresses'), 'Address')[0];
  const state = str(field(address, 'State', 'StateCode'));
  const type = str(field(p, 'Type'));
  const officeHours = items(sub(p, 'PropertyHours') && field(sub(p, 'PropertyHours'), 'OfficeHours'), 'OfficeHour').flatMap((h) => {
    const day = str(field(h, 'Day'))?.toUpperCase();
    const open = str(field(h, 'OpenTime'));
    const close = str(field(h, 'CloseTime'));
    const dayOfWeek = days.find((d) => day !== undefined && d.startsWith(day.slice(0, 3)));
    return dayOfWeek && open && close ? [{ day_of_week: dayOfWeek, open_time: open, close_time: close }] : [];
  });
  const street = str(field(address, 'Address', 'StreetLine'));
  const disabled = bool(field(p, 'IsDisabled'));
  const data: PropertyData = {
    x_created_at: null,
    x_building_id: null,
    building_number: null,
    city: str(field(address, 'City')),
    code: str(field(p, 'General_ID', 'LookupCode')),
    country: str(field(address, 'Country')),
    county: null,
    custom_data: null,
    is_active: disabled === null ? true : !disabled,
    manager_email: str(field(address, 'Email')),
    manager_name: null,
    manager_phone_1: null,
    manager_phone_1_type: null,
    manager_phone_2: null,
    manager_phone_2_type: null,
    name: str(field(p, 'MarketingName', 'PropertyName')),
    notes: null,
    number_of_units: null,
    square_footage: null,
    square_feet: null,
    state,
    street_address_1: street,
    street_address_2: null,
    address_1: street,
    address_2: null,
    type,
    type_raw: type,
    type_normalized: normalizeType(type),
    website: str(field(p, 'webSite', 'Website')),
    year_built: num(field(p, 'YearBuilt')),
    zip: str(field(address, 'PostalCode')),
    long_description: str(field(p, 'LongDescription')),
    short_description: str(field(p, 'ShortDescription')),
    office_hours: officeHours,
    pet_types: [],
    associated_owner_ids: [],
  };
  return {
    x_id: xId,
    x_property_id: xId,
    property_id: idOf(ctx, 'properties', xId),
    data,
    internal: { time_zone: zoneForState(state) },
  };
}

function normalizeType(t: string | null): string | null {
  if (!t) return null;
  const s = t.toLowerCase();
  if (s.includes('student')) return 'STUDENT_HOUSING';
  if (s.includes('apartment') || s.includes('multi') || s.includes('conventional')) return 'MULTI_FAMILY';
  if (s.includes('single')) return 'SINGLE_FAMILY';
  if (s.includes('commercial')) return 'COMMERCIAL';
  return 'OTHER';
}
