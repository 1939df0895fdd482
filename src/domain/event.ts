import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** The event model served by GET /v1/events (Propexo's Event: 22 fields, all present). */
export const eventSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_leasing_agent_id: nullableString("The PMS's id of the leasing agent"),
    x_type_id: nullableString("The PMS's id of the event type"),
    x_location_id: nullableString('Rent Manager locations only; always null for other PMSs'),
    event_name: nullableString('Name of the event as the PMS shows it'),
    event_datetime: nullableString('When the event happened (ISO 8601 with offset)'),
    appointment_datetime: nullableString("When the event's appointment is (ISO 8601 with offset)"),
    type_raw: nullableString('The event type as the PMS names it'),
    notes: nullableString('Notes'),
    agent_name: nullableString("The leasing agent's name"),
    reasons_for_event: nullableString('Reasons for the event'),
    associated_lead_ids: z.array(z.string()).nullable().describe('Leasewire ids of the leads the event belongs to'),
    associated_applicant_ids: z.array(z.string()).nullable().describe('Leasewire ids of the applicants the event belongs to'),
    associated_resident_ids: z.array(z.string()).nullable().describe('Leasewire ids of the residents the event belongs to'),
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof eventSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type EventData = RecordData<Event>;
