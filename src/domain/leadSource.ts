import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** Where a lead came from, e.g. an ILS (Propexo's LeadSource). */
export const leadSourceSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_location_id: nullableString('The external ID of the location (exclusive to Rent Manager integrations). This is always null for non-Rent Manager integrations.'),
    name: nullableString('The name associated with the lead source'),
  })
  .meta({ id: 'LeadSource' });
export type LeadSource = z.infer<typeof leadSourceSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type LeadSourceData = RecordData<LeadSource>;
