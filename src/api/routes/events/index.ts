import type { FastifyInstance } from 'fastify';
import { connectorFor, supportedVendors } from '../../../connectors/registry.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';
import { getEvent } from './getEvent.ts';
import { getEvents } from './getEvents.ts';
import { postLeadEvent } from './postLeadEvent.ts';
import { postApplicantEvent } from './postApplicantEvent.ts';
import { postResidentEvent } from './postResidentEvent.ts';

export function eventRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEvents(app, deps);
  getEvent(app, deps);
  vendorEventRoutes(app, deps);
  postLeadEvent(app, deps);
  postApplicantEvent(app, deps);
  postResidentEvent(app, deps);
}

/**
 * POST /v1/events/{model}/{vendor}/ (Propexo's per-PMS event endpoints) for every connector, from
 * the bodies its write half describes: the API names no vendor.
 */
function vendorEventRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const vendor of supportedVendors()) {
    for (const e of connectorFor(vendor)?.writes?.vendorEndpoints ?? []) {
      eventWriteRoute(app, deps, { path: `/v1/events/${e.model}/${vendor.toLowerCase()}`, model: e.model, summary: e.summary, body: e.body, generic: false });
    }
  }
}
