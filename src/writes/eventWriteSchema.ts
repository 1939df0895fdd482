import { z } from 'zod';
import { parseIsoInstant } from '../lib/time.ts';

const dateTime = (what: string) =>
  z
    .string()
    .refine((v) => /T/.test(v) && parseIsoInstant(v) !== null, { message: `${what} must be an ISO 8601 date-time with an offset or Z, e.g. 2024-01-15T09:30:00-07:00` })
    .describe(`${what} (ISO 8601 with offset)`);
const timeOfDay = (what: string) =>
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, `${what} must be HH:MM:SS (24-hour Mountain Time), e.g. 09:30:00`).describe(`${what}, HH:MM:SS`);
const id = (what: string) => z.string().min(1, `${what} must not be empty`).describe(`Leasewire id of the ${what}`);

export const callStatuses = ['BUSY', 'ABANDONED', 'DISCONNECTED', 'FAILURE_TO_CONNECT', 'NO_ANSWER', 'ANSWER', 'VOICEMAIL'] as const;

/** Fields every event write takes (Propexo's Entrata event pages, reference §4.2). */
export const eventWriteFields = {
  integration_id: id('integration'),
  event_type_id: id('event type'),
  event_datetime: dateTime('event_datetime'),
  event_result_id: id('event result').optional(),
  event_sub_type_id: id('event sub type').optional(),
  employee_id: id('employee (a leasing agent of the property)').optional(),
  unit_id: id('unit').optional(),
  reasons_for_event: z.string().optional(),
  notes: z.string().max(256, 'notes must be at most 256 characters').optional(),
  appointment_datetime: dateTime('appointment_datetime').optional(),
  time_from: timeOfDay('time_from').optional(),
  time_to: timeOfDay('time_to').optional(),
  title: z.string().optional(),
  call_phone_number_from: z.string().optional(),
  call_phone_number_to: z.string().optional(),
  call_status: z.enum(callStatuses, { message: `call_status must be one of ${callStatuses.join(', ')}` }).optional(),
  call_duration: z.number().int().min(0, 'call_duration must be 0–86400 seconds').max(86400, 'call_duration must be 0–86400 seconds').optional(),
  call_audio_link: z.url({ message: 'call_audio_link must be a URL, e.g. https://example.com/call.mp3' }).optional(),
  email_body: z.string().optional(),
  email_subject: z.string().optional(),
  email_from: z.string().optional(),
  email_to: z.string().optional(),
  email_cc: z.string().optional(),
  email_bcc: z.string().optional(),
  email_send: z.boolean().optional(),
};

export const leadEventBody = z.object({ lead_id: id('lead'), ...eventWriteFields }).strict();
export const applicantEventBody = z.object({ applicant_id: id('applicant'), application_id: z.string().optional(), ...eventWriteFields }).strict();
export const residentEventBody = z.object({ resident_id: id('resident'), ...eventWriteFields }).strict();

/**
 * Generic bodies also carry fields other PMSs take; the vendor decides which ones it accepts and
 * which it requires (Propexo's generic bodies require only integration_id): the event type and
 * time, and the notes' length, are checked by the connector that needs them.
 */
const genericFields = {
  ...eventWriteFields,
  event_type_id: eventWriteFields.event_type_id.optional(),
  event_datetime: eventWriteFields.event_datetime.optional(),
  notes: z.string().optional(),
};
const genericExtras = {
  status: z.string().optional(),
  event_name: z.string().optional(),
  event_type: z.string().optional(),
  call_recording_url: z.string().optional(),
  lead_source_id: z.string().optional(),
  agent_name: z.string().optional(),
  rent_amount_in_cents: z.number().min(0).optional(),
};
export const genericLeadEventBody = z.looseObject({ lead_id: id('lead').optional(), ...genericFields, ...genericExtras });
/**
 * Propexo publishes `event_type` on the generic applicant and resident bodies as the one value
 * "Note", with that default, so generated clients always send it; the event's type is event_type_id.
 */
export const publishedEventType = 'Note';
const noteEventType = z
  .literal(publishedEventType, { error: `event_type must be "${publishedEventType}" (the only value Propexo publishes here) or left out; the event's type is chosen by event_type_id` })
  .optional()
  .describe(`Always "${publishedEventType}" (Propexo's default); the event's type is event_type_id`);
export const genericApplicantEventBody = z.looseObject({ applicant_id: id('applicant').optional(), application_id: z.string().optional(), ...genericFields, ...genericExtras, event_type: noteEventType });
export const genericResidentEventBody = z.looseObject({ resident_id: id('resident').optional(), ...genericFields, ...genericExtras, event_type: noteEventType });

export const vendorWriteResponse = z.object({ meta: z.object({ job_id: z.string() }), result: z.record(z.string(), z.unknown()) });
export const genericWriteResponse = z.object({ job_id: z.string(), data: z.record(z.string(), z.unknown()) });
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().describe('Repeat a write safely: the same key and body return the same job for 24 h'),
});
