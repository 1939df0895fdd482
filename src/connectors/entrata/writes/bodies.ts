import type { VendorEventEndpoint } from '../../connector.ts';
import { applicantEventBody, leadEventBody, residentEventBody } from '../../../writes/eventWriteSchema.ts';

/** Propexo's Entrata event endpoints, POST /v1/events/{leads|applicants|residents}/entrata/. */
export const entrataEventEndpoints: readonly VendorEventEndpoint[] = [
  { model: 'leads', summary: 'Create an event for a lead in Entrata', body: leadEventBody },
  { model: 'applicants', summary: 'Create an event for an applicant in Entrata', body: applicantEventBody },
  { model: 'residents', summary: 'Create an event for a resident in Entrata', body: residentEventBody },
];
