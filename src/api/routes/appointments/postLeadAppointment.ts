import type { FastifyInstance } from 'fastify';
import { appointmentWriteRoute } from '../../../writes/appointmentRoute.ts';
import { genericLeadAppointmentBody } from '../../../writes/appointmentWriteSchema.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/appointments/leads — book an appointment for a lead, in any PMS that books them. */
export function postLeadAppointment(app: FastifyInstance, deps: AppDeps): void {
  appointmentWriteRoute(app, deps, { path: '/v1/events/appointments/leads', model: 'leads', summary: 'Create an appointment for a lead', body: genericLeadAppointmentBody, generic: true });
}
