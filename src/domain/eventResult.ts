import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** An outcome an event can record (Propexo's EventResult). */
export const eventResultSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_location_id: nullableString('The external ID of the location (exclusive to Rent Manager integrations). This is always null for non-Rent Manager integrations.'),
    name: z.string().describe('The name associated with the event type'),
    associated_event_type_ids: z.array(z.string()),
  })
  .meta({ id: 'EventResult' });
export type EventResult = z.infer<typeof eventResultSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type EventResultData = RecordData<EventResult>;
