import { z } from 'zod';
import { coreRecordFields, customData, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** A screening (credit, background) run on a lead or applicant. */
export const screeningSchema = z.object({
  id: z.string().describe('The Propexo ID of the screening'),
  created_at: z.string().describe('The date record first entered Propexo'),
  last_seen: z.string().describe('The date the record was last seen from the PMS'),
  x_id: z.string().describe('The external ID from the integration vendor'),
  status_raw: nullableString('The status/results of the screening'),
  screening_date: nullableString('The date the screening took place'),
});

/** A prospect (guest card) at a property (Propexo's Lead). */
export const leadSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_created_at: nullableString('The date the record first entered the integration vendor'),
    x_guestcard_id: nullableString('The external ID of the guestcard from the integration vendor'),
    x_leasing_agent_id: nullableString('The external ID of the leasing agent from the integration vendor'),
    x_unit_id: z.string().nullable().meta({ description: 'DEPRECATED: Use x_unit_id_preferred instead', deprecated: true }),
    x_unit_id_preferred: z.array(z.string()),
    x_updated_at: nullableString('The date the record was last updated in the integration vendor'),
    x_lead_source_id: nullableString('The external ID of the lead source from the integration vendor'),
    address_1: nullableString('The first address line associated with the lead'),
    address_2: nullableString('The second address line associated with the lead'),
    city: nullableString('The city associated with the lead'),
    country: nullableString('The country associated with the lead'),
    custom_data: customData,
    date_of_birth: nullableString('The date of birth associated with the lead'),
    desired_amenities: nullableString('The desired amenities associated with the lead'),
    desired_floor_plan_id: nullableString('The external ID of desired floor plan associated with the lead'),
    desired_floor_plan_name: nullableString('The desired floor plan name'),
    desired_lease_term_in_months: nullableString('The desired lease term'),
    desired_max_rent_in_cents: z.number().nullable().meta({ description: 'The desired maximum rent', examples: [100000] }),
    desired_max_square_ft: z.number().nullable().describe('The desired maximum square feet'),
    desired_min_rent_in_cents: z.number().nullable().meta({ description: 'The desired minimum rent', examples: [100000] }),
    desired_min_square_ft: z.number().nullable().describe('The desired minimum square feet'),
    desired_num_bathrooms: z.number().nullable().describe('The desired number of bathrooms'),
    desired_num_bedrooms: z.number().int().nullable().describe('The desired number of bedrooms'),
    desired_unit_number: nullableString('The desired unit number'),
    desired_unit_type: nullableString('The desired unit type'),
    email_1: nullableString('The primary email address associated with the lead'),
    email_2: nullableString('The secondary email address associated with the lead'),
    first_name: nullableString('The first name associated with the lead'),
    ils: nullableString('The name of the Internet listing service'),
    last_name: nullableString('The last name associated with the lead'),
    lead_source: nullableString('The lead source'),
    leasing_agent: nullableString('The name of the leasing agent'),
    middle_name: nullableString('The middle name associated with the lead'),
    notes: nullableString('Notes associated with the lead'),
    number_of_occupants: z.number().int().nullable().describe('The number of occupants'),
    pet_details: z.string().nullable().meta({ description: 'DEPRECATED: Use the pets array instead', deprecated: true }),
    pets: z.array(z.object({
      id: z.string().describe('The Propexo unique identifier for the lead pet'),
      created_at: z.string().describe('The date record first entered Propexo'),
      updated_at: z.string().describe('The date record was last updated in Propexo'),
      last_seen: nullableString('The date the record was last seen from the PMS'),
      x_id: z.string().describe('The external ID from the integration vendor'),
      age_in_years: z.number().nullable().describe('The age in years of the lead pet'),
      breed: nullableString('The breed of the lead pet'),
      color: nullableString('The color of the lead pet'),
      gender_raw: nullableString('The raw value for the gender of the lead pet'),
      is_fixed: z.boolean().nullable().describe('Whether the lead pet is fixed'),
      is_service_animal: z.boolean().nullable().describe('Whether the lead pet is a service animal'),
      name: nullableString('The name associated with the lead pet'),
      notes: nullableString('Notes associated with the lead pet'),
      type: nullableString('The type associated with the lead pet'),
      weight_in_pounds: z.number().nullable().describe('The weight in pounds of the lead pet'),
      custom_data: customData,
    })),
    phone_1_type: nullableString('Type of the primary phone number'),
    phone_1: nullableString('Primary phone number associated with the lead'),
    phone_2_type: nullableString('Type of the secondary phone number'),
    phone_2: nullableString('Secondary phone number associated with the lead'),
    state: nullableString('The state associated with the lead'),
    status: nullableString('The raw status associated with the lead'),
    target_move_in_date: nullableString('The target move in date'),
    zip: nullableString('The zip code associated with the lead'),
    lead_source_id: nullableString('The Propexo unique identifier for the lead source'),
    unit_id_preferred: z.array(z.string()),
    screenings: z.array(screeningSchema),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof leadSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type LeadData = RecordData<Lead>;
