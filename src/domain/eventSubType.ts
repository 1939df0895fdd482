import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** A sub type of an event type (Propexo's EventSubType). */
export const eventSubTypeSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_location_id: nullableString('The external ID of the location (exclusive to Rent Manager integrations). This is always null for non-Rent Manager integrations.'),
    x_event_type_id: nullableString('The external ID of the event type from the integration vendor'),
    name: z.string().describe('The name associated with the event sub type'),
    event_type_id: nullableString('The Propexo unique identifier for the event type'),
  })
  .meta({ id: 'EventSubType' });
export type EventSubType = z.infer<typeof eventSubTypeSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type EventSubTypeData = RecordData<EventSubType>;
