import type { FastifyInstance } from 'fastify';
import { appointmentWriteRoute } from '../../../writes/appointmentRoute.ts';
import { genericApplicantAppointmentBody } from '../../../writes/appointmentWriteSchema.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/appointments/applicants — book an appointment for an applicant (application_id names the application). */
export function postApplicantAppointment(app: FastifyInstance, deps: AppDeps): void {
  appointmentWriteRoute(app, deps, { path: '/v1/events/appointments/applicants', model: 'applicants', summary: 'Create an appointment for an applicant', body: genericApplicantAppointmentBody, generic: true });
}
