import type { ConnectorWrites } from '../../connector.ts';
import type { EntrataCredentials } from '../credentials.ts';
import { entrataEventEndpoints } from './bodies.ts';
import type { ConnectorAppointments } from '../../connector.ts';
import { appointmentUpdateBody, validateAppointmentUpdate } from './appointmentUpdates.ts';
import { APPOINTMENT_TYPE_ID, appointmentFieldsOf, appointmentVendorEndpoints, validateEntrataAppointment } from './appointments.ts';
import { executeEntrataEvent } from './execute.ts';
import { entrataEventFields, validateEntrataEvent } from './rules.ts';

/** Tours: booked, moved and cancelled through updateLeads as Scheduled Appointment events (17). */
const entrataAppointments: ConnectorAppointments = {
  eventTypeXId: APPOINTMENT_TYPE_ID,
  vendorEndpoints: appointmentVendorEndpoints,
  fields: appointmentFieldsOf,
  validate: (store, integration, model, body) => validateEntrataAppointment(store, integration, model, body),
  updateBody: appointmentUpdateBody,
  validateUpdate: (store, integration, model, eventId, body, cancel) => validateAppointmentUpdate(store, integration, model, eventId, body, cancel),
};

/** Entrata's write half: every event goes through leads/updateLeads (reference §2.5, §6). */
export const entrataWrites: ConnectorWrites<EntrataCredentials> = {
  vendorEndpoints: entrataEventEndpoints,
  eventFields: entrataEventFields,
  validateEvent: (store, integration, model, body) => validateEntrataEvent(store, integration, model, body),
  executeEvent: executeEntrataEvent,
  appointments: entrataAppointments,
};
