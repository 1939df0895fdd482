import type { FastifyInstance } from 'fastify';
import { connectorFor, supportedVendors } from '../../../connectors/registry.ts';
import { appointmentWriteRoute } from '../../../writes/appointmentRoute.ts';
import type { AppDeps } from '../../deps.ts';
import { getAppointments } from './getAppointments.ts';
import { postApplicantAppointment } from './postApplicantAppointment.ts';
import { postLeadAppointment } from './postLeadAppointment.ts';

export function appointmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  getAppointments(app, deps);
  postLeadAppointment(app, deps);
  postApplicantAppointment(app, deps);
  // POST /v1/events/appointments/{model}/{vendor}/ from each connector's appointment bodies.
  for (const vendor of supportedVendors()) {
    for (const e of connectorFor(vendor)?.writes?.appointments?.vendorEndpoints ?? []) {
      appointmentWriteRoute(app, deps, { path: `/v1/events/appointments/${e.model}/${vendor.toLowerCase()}`, model: e.model, summary: e.summary, body: e.body, generic: false });
    }
  }
}
