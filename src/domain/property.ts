import { z } from 'zod';
import { coreRecordFields, customData, nullableString, phoneType, propertyScopedFields, type RecordData } from './common.ts';

/** A kind of pet a property allows or refuses, with its fees. */
export const petTypeSchema = z.object({
  name: z.string().describe('The name associated with the pet type'),
  is_allowed: z.boolean().nullable().describe('Whether the pet type is allowed or not'),
  description: nullableString('Description of the pet type'),
  notes: nullableString('Notes associated with the pet type'),
  deposit_raw: nullableString('The deposit amount associated with the pet type'),
  deposit_in_cents: z.number().nullable().meta({ description: 'The deposit amount in cents associated with the pet type', examples: [100000] }),
  fee_raw: nullableString('The raw fee amount for the pet type'),
  fee_in_cents: z.number().nullable().meta({ description: 'The fee amount in cents for the pet type', examples: [100000] }),
  fee_min_raw: nullableString('The minimum raw fee amount for the pet type'),
  fee_min_in_cents: z.number().nullable().meta({ description: 'The minimum fee amount in cents for the pet type', examples: [100000] }),
  fee_max_raw: nullableString('The maxmimum raw fee amount for the pet type'),
  fee_max_in_cents: z.number().nullable().meta({ description: 'The maxmimum raw fee amount in cents for the pet type', examples: [100000] }),
  rent_amount_raw: nullableString('The raw rent amount for the pet type'),
  rent_amount_in_cents: z.number().nullable().meta({ description: 'The rent amount in cents for the pet type', examples: [100000] }),
});

/** A property (Propexo's Property). Its property_id is its own id and x_property_id its own x_id. */
export const propertySchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_created_at: nullableString('The date the record first entered the integration vendor'),
    x_building_id: nullableString('The external ID of the building (not necessarily the property) from the integration vendor'),
    building_number: nullableString('The building number associated with the property'),
    city: nullableString('The city associated with the property'),
    code: nullableString('The code associated with the property'),
    country: nullableString('The country associated with the property'),
    county: nullableString('The county associated with the property'),
    custom_data: customData,
    is_active: z.boolean().nullable().describe('Whether the property is active'),
    manager_email: nullableString('The email address of the property manager'),
    manager_name: nullableString('The name of the property manager'),
    manager_phone_1: nullableString('The first phone number of the property manager'),
    manager_phone_1_type: phoneType('The type of the first phone number of the property manager'),
    manager_phone_2: nullableString('The second phone number of the property manager'),
    manager_phone_2_type: phoneType('The type of the second phone number of the property manager'),
    name: nullableString('The name of the property'),
    notes: nullableString('Notes associated with the property'),
    number_of_units: z.number().int().min(0).nullable().describe('The number of units in the property'),
    square_footage: z.number().int().nullable().meta({ description: 'Deprecated: Use square_feet', deprecated: true }),
    square_feet: z.number().int().nullable().describe('The square footage of the property'),
    state: nullableString('The state associated with the property'),
    street_address_1: z.string().nullable().meta({ description: 'Deprecated: Use address_1', deprecated: true }),
    street_address_2: z.string().nullable().meta({ description: 'Deprecated: Use address_2', deprecated: true }),
    address_1: nullableString('The first address line associated with the property'),
    address_2: nullableString('The second address line associated with the property'),
    type: z.string().nullable().meta({ description: 'Deprecated: Use type_raw.', deprecated: true }),
    type_raw: nullableString('The raw PMS type of the property'),
    type_normalized: z.union([z.enum(['SINGLE_FAMILY', 'MULTI_FAMILY', 'STUDENT_HOUSING', 'VACATION', 'COMMERCIAL', 'OTHER']), z.string()]).nullable().describe('The Propexo normalized property type'),
    website: nullableString('The website URL associated with the property'),
    year_built: z.number().int().min(0).nullable().describe('The year the property was built'),
    zip: nullableString('The zip code associated with the property'),
    long_description: nullableString('A long description of the property'),
    short_description: nullableString('A short description of the property'),
    office_hours: z.array(z.object({
      day_of_week: z.enum(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']).describe('The day of the week associated with the office hours'),
      open_time: z.string().describe('The opening time for the office'),
      close_time: z.string().describe('The closing time for the office'),
    })),
    pet_types: z.array(petTypeSchema),
    associated_owner_ids: z.array(z.string()),
  })
  .meta({ id: 'Property' });
export type Property = z.infer<typeof propertySchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type PropertyData = RecordData<Property>;
