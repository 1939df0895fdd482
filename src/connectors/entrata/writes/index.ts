import type { ConnectorWrites } from '../../connector.ts';
import type { EntrataCredentials } from '../credentials.ts';
import { entrataEventEndpoints } from './bodies.ts';
import { entrataAppointments } from './appointments.ts';
import { executeEntrataEvent } from './execute.ts';
import { entrataEventFields, validateEntrataEvent } from './rules.ts';

/** Entrata's write half: every event goes through leads/updateLeads (reference §2.5, §6). */
export const entrataWrites: ConnectorWrites<EntrataCredentials> = {
  vendorEndpoints: entrataEventEndpoints,
  eventFields: entrataEventFields,
  validateEvent: (store, integration, model, body) => validateEntrataEvent(store, integration, model, body),
  executeEvent: executeEntrataEvent,
  appointments: entrataAppointments,
};
