import { z } from 'zod';
import type { VendorEventEndpoint } from '../../connector.ts';

/**
 * Propexo's Buildium event endpoints: a note on an applicant (Buildium's
 * POST /v1/applicants/{applicantId}/notes) or on a resident (a lease tenant,
 * POST /v1/leases/tenants/{tenantId}/notes). `event_type` has one value, "Note".
 */
const id = (what: string) => z.string().min(1, `${what} must not be empty`).describe(`Leasewire id of the ${what}`);
const notes = z
  .string({ error: 'notes is required: the text of the note' })
  .refine((v) => v.trim() !== '', { message: 'notes must not be blank: Buildium refuses an empty note' })
  .describe('The text of the note');
const eventType = z.enum(['Note'], { error: 'event_type must be "Note": Buildium events are notes' }).default('Note').describe('Always "Note"');

export const buildiumApplicantEventBody = z.object({ integration_id: id('integration'), applicant_id: id('applicant'), notes, event_type: eventType }).strict();
export const buildiumResidentEventBody = z.object({ integration_id: id('integration'), resident_id: id('resident'), notes, event_type: eventType }).strict();

export const buildiumEventEndpoints: readonly VendorEventEndpoint[] = [
  { model: 'applicants', summary: 'Create a note for an applicant in Buildium', body: buildiumApplicantEventBody },
  { model: 'residents', summary: 'Create a note for a resident (lease tenant) in Buildium', body: buildiumResidentEventBody },
];
