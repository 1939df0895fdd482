import { z } from 'zod';
import { coreRecordFields, customData, nullableString, phoneType, propertyScopedFields, type RecordData } from './common.ts';
import { screeningSchema } from './lead.ts';

/** Income an applicant reported. */
export const incomeSourceSchema = z.object({
  amount_in_cents: z.number().nullable().describe('The total income of the applicant, in cents'),
  amount_raw: nullableString('The total income amount of the applicant'),
  type_normalized: nullableString('The type of income of the applicant'),
  type_raw: nullableString('The type of income of the applicant'),
});

/** A person applying for a lease (Propexo's Applicant). */
export const applicantSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_unit_id: z.string().nullable().meta({ description: 'DEPRECATED: Use x_unit_id_preferred instead', deprecated: true }),
    x_lease_id: z.string().nullable().meta({ description: 'DEPRECATED: Not in use.', deprecated: true }),
    x_lead_id: nullableString('The external ID of the lead from the integration vendor'),
    x_unit_id_preferred: z.array(z.string()),
    address_1_alternate: nullableString('The first alternate address line associated with the applicant'),
    address_1: nullableString('The first address line associated with the applicant'),
    address_2_alternate: nullableString('The second alternate address line associated with the applicant'),
    address_2: nullableString('The second address line associated with the applicant'),
    applications: z.array(z.object({
      applicant_id: z.string(),
      application_id: z.string(),
      status: z.string().nullable().meta({ description: 'DEPRECATED. Use status_raw or status_normalized', deprecated: true }).optional(),
      status_raw: nullableString('The raw status associated with the applicant').optional(),
      status_normalized: z.union([z.enum(['APPROVED', 'DENIED', 'CANCELED', 'OTHER', 'PENDING']), z.string()]).nullable().describe('The normalized status associated with the applicant. Confirm these derived values before using them in production.').optional(),
      custom_data: customData.optional(),
    })),
    city_alternate: nullableString('The alternate city associated with the applicant'),
    city: nullableString('The city associated with the applicant'),
    country_alternate: nullableString('The alternate country associated with the applicant'),
    country: nullableString('The country associated with the applicant'),
    custom_data: customData,
    date_of_birth: nullableString('The date of birth associated with the applicant'),
    email_1: nullableString('The primary email address associated with the applicant'),
    email_2: nullableString('The secondary email address associated with the applicant'),
    first_name: nullableString('The first name associated with the applicant'),
    self_reported_income: z.array(incomeSourceSchema).optional(),
    last_name: nullableString('The last name associated with the applicant'),
    middle_name: nullableString('The middle name associated with the applicant'),
    notes: nullableString('Notes associated with the applicant'),
    phone_1_type: phoneType('Type of the primary phone number'),
    phone_1: nullableString('Primary phone number associated with the applicant'),
    phone_2_type: phoneType('Type of the secondary phone number'),
    phone_2: nullableString('Secondary phone number associated with the applicant'),
    state_alternate: nullableString('The alternate state associated with the applicant'),
    state: nullableString('The state associated with the applicant'),
    type_normalized: nullableString('The normalized type associated with the applicant'),
    type_raw: nullableString('The raw type associated with the applicant'),
    zip_alternate: nullableString('The alternate zip code associated with the applicant'),
    zip: nullableString('The zip code associated with the applicant'),
    pets: z.array(z.object({
      id: z.string().describe('The Propexo unique identifier for the applicant pet'),
      created_at: z.string().describe('The date record first entered Propexo'),
      updated_at: z.string().describe('The date record was last updated in Propexo'),
      last_seen: nullableString('The date the record was last seen from the PMS'),
      x_id: z.string().describe('The external ID from the integration vendor'),
      age_in_years: z.number().nullable().describe('The age in years of the applicant pet'),
      breed: nullableString('The breed of the applicant pet'),
      color: nullableString('The color of the applicant pet'),
      gender_raw: nullableString('The raw value for the gender of the applicant pet'),
      is_declawed: z.boolean().nullable().describe('Whether the applicant pet is declawed'),
      is_fixed: z.boolean().nullable().describe('Whether the applicant pet is fixed'),
      is_service_animal: z.boolean().nullable().describe('Whether the applicant pet is a service animal'),
      is_trained: z.boolean().nullable().describe('Whether the applicant pet is trained'),
      is_vaccinated: z.boolean().nullable().describe('Whether the applicant pet is vaccinated'),
      name: nullableString('The name associated with the applicant pet'),
      notes: nullableString('Notes associated with the applicant pet'),
      type: nullableString('The type associated with the applicant pet'),
      weight_in_pounds: z.number().nullable().describe('The weight in pounds of the applicant pet'),
      custom_data: customData,
    })),
    unit_id_preferred: z.array(z.string()),
    screenings: z.array(screeningSchema),
  })
  .meta({ id: 'Applicant' });
export type Applicant = z.infer<typeof applicantSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type ApplicantData = RecordData<Applicant>;
