import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** A kind of leasing event a property records (Propexo's EventType). */
export const eventTypeSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_location_id: nullableString('The external ID of the location (exclusive to Rent Manager integrations). This is always null for non-Rent Manager integrations.'),
    code: nullableString('The code associated with the event type'),
    models: z.array(z.string()),
    name: z.string().describe('The name associated with the event type'),
  })
  .meta({ id: 'EventType' });
export type EventType = z.infer<typeof eventTypeSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type EventTypeData = RecordData<EventType>;
