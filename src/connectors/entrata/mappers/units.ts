import type { UnitData } from '../../../domain/unit.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { field, items, num, str, sub, type Obj } from '../envelope.ts';
import { idOf, type MapContext } from './common.ts';

/** propertyunits/getPropertyUnits → `result.properties.property[].units.unit[]` (§2.11), with the property id. */
export function unitRecords(result: unknown): Array<{ propertyXId: string; unit: Obj }> {
  return items(field(result as Obj, 'properties'), 'property').flatMap((p) => {
    const propertyXId = str(field(p, 'propertyId', 'PropertyId', 'id'));
    return propertyXId ? items(field(p, 'units'), 'unit').map((unit) => ({ propertyXId, unit })) : [];
  });
}

export function mapUnit(ctx: MapContext, propertyXId: string, u: Obj): RecordInput {
  const xId = str(field(u, 'id', 'unitId', 'propertyUnitId'));
  if (!xId) throw new Error(`an Entrata unit of property ${propertyXId} without id`);
  const address = sub(u, 'unitAddress', 'address');
  const street = str(field(address, 'streetLine', 'addressLine1', 'addressLine', 'address'));
  // getPropertyUnits' spec names them noOf…; other Entrata unit models use numberOf… (both read).
  const baths = num(field(u, 'noOfBathrooms', 'numberOfBathrooms', 'bathrooms'));
  const data: UnitData = {
    x_floor_plan_id: str(field(u, 'floorplanId', 'floorPlanId')),
    x_unit_type_id: str(field(u, 'unitTypeId')),
    bathrooms: baths === null ? null : String(baths),
    bathrooms_full: baths === null ? null : Math.floor(baths),
    bathrooms_half: baths === null ? null : baths % 1 >= 0.5 ? 1 : 0,
    bedrooms: str(field(u, 'noOfBedrooms', 'numberOfBedrooms', 'bedrooms')),
    building_name: str(field(u, 'buildingName')),
    building_number: str(field(u, 'buildingId')),
    city: str(field(address, 'city')),
    country: str(field(address, 'country', 'countryName')),
    custom_data: null,
    floor_plan_code: str(field(u, 'floorplanId', 'floorPlanId')),
    floor_plan_name: str(field(u, 'floorplanName', 'floorPlanName')),
    floor: str(field(u, 'floorNumber', 'floor')),
    is_available: null,
    is_furnished: null,
    is_listed: null,
    is_vacant: null,
    number: str(field(u, 'unitNumber')),
    rent_amount_market_in_cents: null,
    rent_amount_max_in_cents: null,
    rent_amount_min_in_cents: null,
    square_feet: ((n) => (n === null ? null : Math.round(n)))(num(field(u, 'squareFeet', 'area'))),
    state: str(field(address, 'state', 'stateCode')),
    street_address_1: street,
    street_address_2: null,
    address_1: street,
    address_2: null,
    zip: str(field(address, 'postalCode')),
    pets_allowed: null,
    dogs_allowed: null,
    cats_allowed: null,
    pet_policy: null,
    floor_plan_id: null,
    unit_type_id: null,
  };
  return { x_id: xId, x_property_id: propertyXId, property_id: idOf(ctx, 'properties', propertyXId), data, internal: { unit_type_name: str(field(u, 'unitTypeName')) } };
}
