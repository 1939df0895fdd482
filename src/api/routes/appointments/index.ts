import type { FastifyInstance } from 'fastify';
import { connectorFor, supportedVendors } from '../../../connectors/registry.ts';
import { appointmentCancelRoute, appointmentUpdateRoute, appointmentWriteRoute, eventUpdateRoute } from '../../../writes/appointmentRoute.ts';
import type { AppDeps } from '../../deps.ts';
import { getAppointments } from './getAppointments.ts';
import { postApplicantAppointment } from './postApplicantAppointment.ts';
import { postLeadAppointment } from './postLeadAppointment.ts';

export function appointmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  getAppointments(app, deps);
  postLeadAppointment(app, deps);
  postApplicantAppointment(app, deps);
  for (const model of ['leads', 'applicants'] as const) {
    appointmentCancelRoute(app, deps, { path: `/v1/events/appointments/${model}/cancel`, model, summary: `Cancel an appointment of a${model === 'leads' ? ' lead' : 'n applicant'}`, generic: true });
  }
  for (const model of ['leads', 'applicants', 'residents'] as const) eventUpdateRoute(app, deps, model);
  // POST /v1/events/appointments/{model}/{vendor}/ from each connector's appointment bodies.
  for (const vendor of supportedVendors()) {
    for (const e of connectorFor(vendor)?.writes?.appointments?.vendorEndpoints ?? []) {
      appointmentWriteRoute(app, deps, { path: `/v1/events/appointments/${e.model}/${vendor.toLowerCase()}`, model: e.model, summary: e.summary, body: e.body, generic: false });
    }
    const appointments = connectorFor(vendor)?.writes?.appointments;
    if (!appointments) continue;
    const name = connectorFor(vendor)?.displayName ?? vendor;
    for (const model of ['leads', 'applicants'] as const) {
      const who = model === 'leads' ? 'a lead' : 'an applicant';
      appointmentUpdateRoute(app, deps, { path: `/v1/events/appointments/${model}/${vendor.toLowerCase()}/:event_id`, model, summary: `Reschedule an appointment of ${who} in ${name}`, body: appointments.updateBody });
      appointmentCancelRoute(app, deps, { path: `/v1/events/appointments/${model}/cancel/${vendor.toLowerCase()}`, model, summary: `Cancel an appointment of ${who} in ${name}`, generic: false, vendor });
    }
  }
}
