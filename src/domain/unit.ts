import { z } from 'zod';
import { coreRecordFields, customData, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** A unit of a property (Propexo's unit). */
export const unitSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_floor_plan_id: nullableString('The external ID of the floor plan from the integration vendor'),
    x_unit_type_id: nullableString('The external ID of the unit type from the integration vendor'),
    bathrooms: nullableString('The number of bathrooms associated with the unit'),
    bathrooms_full: z.number().nullable().describe('The number of full bathrooms associated with the unit'),
    bathrooms_half: z.number().nullable().describe('The number of half bathrooms associated with the unit'),
    bedrooms: nullableString('The number of bedrooms associated with the unit'),
    building_name: nullableString('The building name associated with the unit'),
    building_number: nullableString('The building number associated with the unit'),
    city: nullableString('The city associated with the unit'),
    country: nullableString('The country associated with the unit'),
    custom_data: customData,
    floor_plan_code: nullableString('The external ID of the floor plan associated with the unit'),
    floor_plan_name: nullableString('The floor plan name associated with the unit'),
    floor: nullableString('The floor number/name associated with the unit'),
    is_available: z.boolean().nullable().describe('Whether the unit is available'),
    is_furnished: z.boolean().nullable().describe('Whether the unit is furnished'),
    is_listed: z.boolean().nullable().meta({ description: 'DEPRECATED: Use listings endpoints.', deprecated: true }),
    is_vacant: z.boolean().nullable().describe('Whether the unit is vacant'),
    number: nullableString('The unit number'),
    rent_amount_market_in_cents: z.number().nullable().meta({ description: 'The market rent amount in cents for the unit', examples: [100000] }),
    rent_amount_max_in_cents: z.number().nullable().meta({ description: 'The maximum rent amount in cents', examples: [100000] }),
    rent_amount_min_in_cents: z.number().nullable().meta({ description: 'The minimum rent amount in cents', examples: [100000] }),
    square_feet: z.number().int().min(0).nullable().describe('The square footage of the unit'),
    state: nullableString('The state associated with the unit'),
    street_address_1: z.string().nullable().meta({ description: 'Deprecated: Use address_1', deprecated: true }),
    street_address_2: z.string().nullable().meta({ description: 'Deprecated: Use address_2', deprecated: true }),
    address_1: nullableString('The first address line associated with the unit'),
    address_2: nullableString('The second address line associated with the unit'),
    zip: nullableString('The zip code associated with the unit'),
    pets_allowed: z.boolean().nullable().describe('Whether or not pets are allowed'),
    dogs_allowed: z.boolean().nullable().describe('Whether or not dogs are allowed'),
    cats_allowed: z.boolean().nullable().describe('Whether or not cats are allowed'),
    pet_policy: nullableString('The pet policy for the unit'),
    floor_plan_id: nullableString('The Propexo unique identifier for the floor plan'),
    unit_type_id: nullableString('The Propexo unique identifier for the unit type'),
  })
  .meta({ id: 'Unit' });
export type Unit = z.infer<typeof unitSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type UnitData = RecordData<Unit>;
