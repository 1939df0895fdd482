import type { PropertyData } from '../../../domain/property.ts';
import type { UnitData } from '../../../domain/unit.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { address, cents, fullName, idOf, idStr, num, obj, phones, str, type MapContext, type Obj } from './common.ts';

const propertyTypes: Record<string, string> = {
  MultiFamily: 'MULTI_FAMILY', SingleFamily: 'SINGLE_FAMILY', CondoTownhome: 'MULTI_FAMILY',
  Industrial: 'COMMERCIAL', Office: 'COMMERCIAL', Retail: 'COMMERCIAL', ShoppingCenter: 'COMMERCIAL', Storage: 'COMMERCIAL', ParkingSpace: 'COMMERCIAL',
};

/** RentalMessage → property. */
export function mapProperty(ctx: MapContext, r: Obj): RecordInput {
  const xId = idStr(r.Id);
  if (!xId) throw new Error('a Buildium rental without Id');
  const a = address(r.Address);
  const manager = obj(r.RentalManager);
  const mp = phones(manager?.PhoneNumbers);
  const subType = str(r.RentalSubType);
  const data: PropertyData = {
    x_created_at: null,
    x_building_id: null,
    building_number: null,
    city: a.city,
    code: null,
    country: a.country,
    county: null,
    custom_data: null,
    is_active: r.IsActive !== false,
    manager_email: str(manager?.Email),
    manager_name: manager ? (str(manager.CompanyName) ?? fullName(manager.FirstName, manager.LastName)) : null,
    manager_phone_1: mp.phone_1,
    manager_phone_1_type: mp.phone_1_type,
    manager_phone_2: mp.phone_2,
    manager_phone_2_type: mp.phone_2_type,
    name: str(r.Name),
    notes: str(r.StructureDescription),
    number_of_units: num(r.NumberUnits),
    square_footage: null,
    square_feet: null,
    state: a.state,
    street_address_1: a.address_1,
    street_address_2: a.address_2,
    address_1: a.address_1,
    address_2: a.address_2,
    type: subType,
    type_raw: [str(r.RentalType), subType].filter((s) => s !== null).join('/') || null,
    type_normalized: subType ? (propertyTypes[subType] ?? 'OTHER') : str(r.RentalType) === 'Commercial' ? 'COMMERCIAL' : null,
    website: null,
    year_built: num(r.YearBuilt),
    zip: a.zip,
    long_description: null,
    short_description: null,
    office_hours: [],
    pet_types: [],
    associated_owner_ids: [],
  };
  return { x_id: xId, x_property_id: xId, property_id: idOf(ctx, 'properties', xId), data, internal: null };
}

const bedrooms: Record<string, string> = { Studio: '0', OneBed: '1', TwoBed: '2', ThreeBed: '3', FourBed: '4', FiveBed: '5', SixBed: '6', SevenBed: '7', EightBed: '8', NineBedPlus: '9' };
const bathrooms: Record<string, number> = { OneBath: 1, OnePointFiveBath: 1.5, TwoBath: 2, TwoPointFiveBath: 2.5, ThreeBath: 3, ThreePointFiveBath: 3.5, FourBath: 4, FourPointFiveBath: 4.5, FiveBath: 5, FivePlusBath: 5 };

/** RentalUnitMessage → unit. */
export function mapUnit(ctx: MapContext, u: Obj): RecordInput {
  const xId = idStr(u.Id);
  const propertyXId = idStr(u.PropertyId);
  if (!xId || !propertyXId) throw new Error('a Buildium rental unit without Id or PropertyId');
  const a = address(u.Address);
  const baths = bathrooms[String(u.UnitBathrooms)] ?? null;
  const occupied = typeof u.IsUnitOccupied === 'boolean' ? u.IsUnitOccupied : null;
  const data: UnitData = {
    x_floor_plan_id: null,
    x_unit_type_id: null,
    bathrooms: baths === null ? null : String(baths),
    bathrooms_full: baths === null ? null : Math.floor(baths),
    bathrooms_half: baths === null ? null : baths % 1 >= 0.5 ? 1 : 0,
    bedrooms: bedrooms[String(u.UnitBedrooms)] ?? null,
    building_name: str(u.BuildingName),
    building_number: null,
    city: a.city,
    country: a.country,
    custom_data: null,
    floor_plan_code: null,
    floor_plan_name: null,
    floor: null,
    is_available: occupied === null ? null : !occupied,
    is_furnished: null,
    is_listed: typeof u.IsUnitListed === 'boolean' ? u.IsUnitListed : null,
    is_vacant: occupied === null ? null : !occupied,
    number: str(u.UnitNumber),
    rent_amount_market_in_cents: cents(num(u.MarketRent)),
    rent_amount_max_in_cents: null,
    rent_amount_min_in_cents: null,
    square_feet: num(u.UnitSize),
    state: a.state,
    street_address_1: a.address_1,
    street_address_2: a.address_2,
    address_1: a.address_1,
    address_2: a.address_2,
    zip: a.zip,
    pets_allowed: null,
    dogs_allowed: null,
    cats_allowed: null,
    pet_policy: null,
    floor_plan_id: null,
    unit_type_id: null,
  };
  return { x_id: xId, x_property_id: propertyXId, property_id: idOf(ctx, 'properties', propertyXId), data, internal: null };
}
